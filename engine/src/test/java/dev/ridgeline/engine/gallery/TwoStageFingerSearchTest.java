package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The two-stage fingerprint search (minutia-pair shortlist, then SourceAFIS) against the
 * exhaustive one, on generated fingers.
 */
class TwoStageFingerSearchTest {

    private static final int FINGERS = 200;
    private static final int PROBES = 40;
    /** A mate scoring this much is a confident hit: the first stage must keep it. */
    private static final double CONFIDENT = 40;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static TemplateEnvelope[] enrolled;
    private static TemplateEnvelope[] probes;

    @BeforeAll
    static void generate() {
        SyntheticFingerprints generator = new SyntheticFingerprints(4242);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(0);
        enrolled = new TemplateEnvelope[FINGERS];
        probes = new TemplateEnvelope[PROBES];
        IntStream.range(0, FINGERS + PROBES).parallel().forEach(i -> {
            boolean probe = i >= FINGERS;
            int finger = probe ? i - FINGERS : i;
            TemplateEnvelope envelope = extractor.extract(decoder.decode(generator.impressionPng(finger, probe ? 1 : 0)),
                    500, 0);
            (probe ? probes : enrolled)[finger] = envelope;
        });
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static void enroll(Gallery gallery, String id, TemplateEnvelope... fingers) {
        gallery.add(new SubjectRecord(id, Map.of(), List.of(fingers), Instant.now()),
                List.of(fingers).stream().<Matchable>map(Matchable.Finger::of).toList(), false);
    }

    private static Probe probe(int finger) {
        return Probe.ofFingers(List.of(new ProbeFinger(0, FingerprintTemplates.matchable(probes[finger]))));
    }

    private static List<SubjectScore> search(Gallery gallery, Probe probe, SearchMode mode) {
        return gallery.identify(probe, AttributeFilter.NONE, 5, mode, POOL, Cancellation.NEVER).ranked();
    }

    @Test
    void aShortlistOfFivePercentKeepsEveryConfidentMate() {
        Gallery gallery = new Gallery(new GalleryConfig("shortlist", 1, 1e-4, Instant.now()));
        for (int finger = 0; finger < FINGERS; finger++) {
            enroll(gallery, "F" + finger, enrolled[finger]);
        }
        gallery.publishAll();
        ShardSnapshot snapshot = gallery.shard(0).snapshot();
        int confident = 0;
        for (int finger = 0; finger < PROBES; finger++) {
            Probe probe = probe(finger);
            SubjectScore best = search(gallery, probe, SearchMode.EXHAUSTIVE).getFirst();
            if (!best.subjectId().equals("F" + finger) || best.score() < CONFIDENT) {
                continue;
            }
            confident++;
            RoaringBitmap candidates = snapshot.candidates(AttributeFilter.NONE, probe);
            RoaringBitmap shortlist = FingerShortlist.select(candidates, probe, FINGERS / 20, snapshot.fingerSlots(),
                    snapshot.fingers(), snapshot.subjectOrdinals(), snapshot.rowCount(), Cancellation.NEVER);
            assertThat(shortlist.getCardinality()).isEqualTo(FINGERS / 20);
            assertThat(shortlist.contains(gallery.shard(0).placement("F" + finger).firstRow()))
                    .as("mate of probe %d (score %.1f) in the shortlist", finger, best.score()).isTrue();
        }
        assertThat(confident).as("confident mates among the probes").isGreaterThanOrEqualTo(PROBES * 3 / 4);
    }

    @Test
    void twoStageRanksAsExhaustiveAndScoresAWholeSubject() {
        // Three subjects per finger put the shard past the shortlist minimum; each "-pair" subject
        // holds a stranger first and the finger second, so its shortlisted row is not its first.
        Gallery gallery = new Gallery(new GalleryConfig("large", 1, 1e-4, Instant.now()));
        for (int finger = 0; finger < FINGERS; finger++) {
            enroll(gallery, "F" + finger, enrolled[finger]);
            enroll(gallery, "F" + finger + "-copy", enrolled[finger]);
            enroll(gallery, "F" + finger + "-pair", enrolled[(finger + 1) % FINGERS], enrolled[finger]);
        }
        gallery.publishAll();
        assertThat(gallery.candidates(0, AttributeFilter.NONE, probe(0)).getCardinality())
                .isGreaterThan(SearchMode.FINGER_SHORTLIST_MINIMUM);
        for (int finger = 0; finger < PROBES; finger++) {
            List<SubjectScore> exhaustive = search(gallery, probe(finger), SearchMode.EXHAUSTIVE);
            List<SubjectScore> twoStage = search(gallery, probe(finger), SearchMode.TWO_STAGE);
            if (exhaustive.getFirst().score() >= CONFIDENT) {
                assertThat(twoStage.subList(0, 3)).as("probe %d", finger)
                        .containsExactlyElementsOf(exhaustive.subList(0, 3));
            }
        }
    }
}
