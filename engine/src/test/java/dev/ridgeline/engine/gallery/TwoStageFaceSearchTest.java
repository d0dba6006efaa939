package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-stage face search (code shortlist, then exact scores) against the exhaustive one on a
 * shard large enough for the first stage to cut rows. Probes are hard: noise 1.2 puts a probe's
 * cosine with its enrolled capture near 0.41, the FMR 1e-4 threshold.
 */
class TwoStageFaceSearchTest {

    private static final int SUBJECTS = 30_000;
    private static final SyntheticFaceVectors ENROLLED = new SyntheticFaceVectors(5, 512, 0.3);
    private static final SyntheticFaceVectors PROBES = new SyntheticFaceVectors(5, 512, 1.2);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    /** Candidates at least this close (FMR about 1e-3 on the shipped table) must survive the first stage. */
    private static final double CLOSE = 0.33;
    private static Gallery gallery;

    @BeforeAll
    static void enroll() {
        gallery = new Gallery(new GalleryConfig("large", 1, 1e-4, Instant.now()));
        for (int i = 0; i < SUBJECTS; i++) {
            QuantizedFace face = QuantizedFace.of(ENROLLED.capture(i, 0));
            TemplateEnvelope envelope = new TemplateEnvelope(Modality.FACE, "test", "1", 0, 50, 512, face.toPayload());
            gallery.add(new SubjectRecord("F" + i, Map.of("status", Integer.toString(i % 3)), List.of(envelope), Instant.now()),
                    List.of(new Matchable.Face(face, null)), false);
        }
        gallery.publishAll();
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static Probe probe(int identity) {
        return new Probe(List.of(), PROBES.capture(identity, 7), ScoreFusion.shipped());
    }

    private static List<SubjectScore> search(Probe probe, int k, SearchMode mode) {
        return search(probe, AttributeFilter.NONE, k, mode);
    }

    private static List<SubjectScore> search(Probe probe, AttributeFilter filter, int k, SearchMode mode) {
        return gallery.identify(probe, filter, k, mode, POOL, Cancellation.NEVER).ranked();
    }

    @Test
    void twoStageFindsTheSameMateAndEveryCloseCandidate() {
        int mateFirst = 0;
        for (int identity = 0; identity < SUBJECTS; identity += 300) {
            Probe probe = probe(identity);
            List<SubjectScore> exhaustive = search(probe, 10, SearchMode.EXHAUSTIVE);
            List<SubjectScore> twoStage = search(probe, 10, SearchMode.TWO_STAGE);

            assertThat(twoStage.get(0).subjectId()).as("rank 1 for F%d", identity).isEqualTo(exhaustive.get(0).subjectId());
            for (SubjectScore close : exhaustive.stream().filter(s -> s.score() >= CLOSE).toList()) {
                assertThat(twoStage).as("candidate %s for F%d", close.subjectId(), identity)
                        .anySatisfy(s -> {
                            assertThat(s.subjectId()).isEqualTo(close.subjectId());
                            assertThat(s.score()).isCloseTo(close.score(), within(1e-6));
                        });
            }
            if (exhaustive.get(0).subjectId().equals("F" + identity)) {
                mateFirst++;
            }
        }
        assertThat(mateFirst).as("hard probes whose mate ranks first").isGreaterThanOrEqualTo(95);
    }

    @Test
    void theFirstStageReallyLeavesRowsUnscored() {
        // 1,000 candidates get a 2,000-row shortlist of 30,000: the exact tail differs from the exhaustive one.
        Probe probe = probe(42);
        List<SubjectScore> exhaustive = search(probe, 1000, SearchMode.EXHAUSTIVE);
        List<SubjectScore> twoStage = search(probe, 1000, SearchMode.TWO_STAGE);

        assertThat(twoStage.get(0).subjectId()).isEqualTo(exhaustive.get(0).subjectId());
        assertThat(twoStage).extracting(SubjectScore::subjectId)
                .isNotEqualTo(exhaustive.stream().map(SubjectScore::subjectId).toList());
        assertThat(gallery.identify(probe, AttributeFilter.NONE, 10, SearchMode.TWO_STAGE, POOL, Cancellation.NEVER)
                .searched()).as("the operating point still counts every candidate").isEqualTo(SUBJECTS);
    }

    @Test
    void aFilterThatBreaksTheRowsIntoShortRunsRanksAsExhaustive() {
        // Statuses 0 and 2 of three: the first stage sees runs of one and two consecutive rows.
        AttributeFilter filter = new AttributeFilter(List.of(new AttributeFilter.Clause("status", List.of("1"), true)));
        for (int identity = 0; identity < SUBJECTS; identity += 999) {
            Probe probe = probe(identity);
            List<SubjectScore> exhaustive = search(probe, filter, 10, SearchMode.EXHAUSTIVE);
            List<SubjectScore> twoStage = search(probe, filter, 10, SearchMode.TWO_STAGE);

            assertThat(twoStage).extracting(SubjectScore::subjectId).as("F%d", identity)
                    .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(1)) % 3).isNotEqualTo(1));
            assertThat(twoStage.get(0).subjectId()).as("rank 1 for F%d", identity).isEqualTo(exhaustive.get(0).subjectId());
            assertThat(twoStage.get(0).score()).isCloseTo(exhaustive.get(0).score(), within(1e-6));
        }
    }
}
