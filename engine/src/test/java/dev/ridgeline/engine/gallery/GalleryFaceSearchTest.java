package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Face rows in sharded galleries: contiguous vector blocks, filters, deletes, top-K. */
class GalleryFaceSearchTest {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(21, 512, 0.6);
    private static final ThresholdTable TABLE = new ThresholdTable("test", new double[] {1e-2, 1e-4}, new double[] {0.2, 0.4});
    private static final ScoreFusion FUSION = new ScoreFusion(TABLE, TABLE);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final int SUBJECTS = 3_000;

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static Probe probe(int identity) {
        return new Probe(List.of(), FACES.capture(identity, 1), FUSION);
    }

    private static Gallery gallery() {
        Gallery gallery = new Gallery(new GalleryConfig("faces", 3, 1e-4, Instant.now()));
        for (int i = 0; i < SUBJECTS; i++) {
            QuantizedFace face = QuantizedFace.of(FACES.capture(i, 0));
            TemplateEnvelope envelope = new TemplateEnvelope(Modality.FACE, "test", "1", 0, 50, 512, face.toPayload());
            Map<String, String> attributes = Map.of("programme", i % 2 == 0 ? "NEXUS" : "SENTRI");
            gallery.add(new SubjectRecord("T" + i, attributes, List.of(envelope), Instant.now()),
                    List.of(new Matchable.Face(face, null)), false);
        }
        gallery.publishAll();
        return gallery;
    }

    @Test
    void eachProbeFindsItsIdentityFirstAcrossShards() {
        Gallery gallery = gallery();
        for (int identity : new int[] {0, 1, 777, 2999}) {
            IdentifyOutcome outcome = gallery.identify(probe(identity), AttributeFilter.NONE, 5, POOL, Cancellation.NEVER);
            assertThat(outcome.searched()).isEqualTo(SUBJECTS);
            assertThat(outcome.ranked()).hasSize(5);
            SubjectScore best = outcome.ranked().getFirst();
            assertThat(best.subjectId()).isEqualTo("T" + identity);
            assertThat(best.score()).isGreaterThan(0.6);
            assertThat(outcome.ranked().get(1).score()).as("the best impostor").isLessThan(0.3);
        }
        GalleryStats.ModalityStats faces = gallery.stats().byModality().get(Modality.FACE);
        assertThat(faces.subjects()).isEqualTo(SUBJECTS);
        assertThat(faces.templates()).isEqualTo(SUBJECTS);
        assertThat(faces.templateMemoryBytes()).as("516 bytes a face and its 64-byte code").isEqualTo(SUBJECTS * 580L);
        assertThat(gallery.stats().byModality().get(Modality.FINGERPRINT).subjects()).isZero();
    }

    @Test
    void filtersAndDeletesApplyToFaceRows() {
        Gallery gallery = gallery();
        AttributeFilter sentri = new AttributeFilter(List.of(new AttributeFilter.Clause("programme", List.of("SENTRI"), false)));
        IdentifyOutcome filtered = gallery.identify(probe(10), sentri, 5, POOL, Cancellation.NEVER);
        assertThat(filtered.searched()).isEqualTo(SUBJECTS / 2);
        assertThat(filtered.ranked()).extracting(SubjectScore::subjectId).doesNotContain("T10");

        gallery.remove("T10");
        GalleryStats.ModalityStats faces = gallery.stats().byModality().get(Modality.FACE);
        assertThat(faces.subjects()).isEqualTo(SUBJECTS - 1);
        assertThat(faces.templates()).isEqualTo(SUBJECTS - 1);
        assertThat(faces.templateMemoryBytes()).isEqualTo((SUBJECTS - 1) * 580L);
        IdentifyOutcome afterDelete = gallery.identify(probe(10), AttributeFilter.NONE, 5, POOL, Cancellation.NEVER);
        assertThat(afterDelete.ranked()).extracting(SubjectScore::subjectId).doesNotContain("T10");
        assertThat(gallery.verify(probe(10), "T10")).isEmpty();
        assertThat(gallery.verify(probe(11), "T11").orElseThrow().score()).isGreaterThan(0.6);
    }
}
