package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Gallery search on generated fingers: positions, filters, deletes and snapshot isolation. */
class GallerySearchTest {

    private static final SyntheticFingerprints FINGERS = new SyntheticFingerprints(99);
    private static final FingerprintTemplates EXTRACTOR = new FingerprintTemplates(0);
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static TemplateEnvelope envelope(int finger, int impression, int position) {
        return EXTRACTOR.extract(DECODER.decode(FINGERS.impressionPng(finger, impression)), 500, position);
    }

    /** A subject whose finger at {@code position} is generated finger {@code finger}. */
    private static void enroll(Gallery gallery, String id, Map<String, String> attributes, int[] fingers, int[] positions) {
        List<TemplateEnvelope> envelopes = new java.util.ArrayList<>();
        for (int i = 0; i < fingers.length; i++) {
            envelopes.add(envelope(fingers[i], 0, positions[i]));
        }
        List<Matchable> matchable = envelopes.stream().<Matchable>map(Matchable.Finger::of).toList();
        gallery.add(new SubjectRecord(id, attributes, envelopes, Instant.now()), matchable, true);
    }

    private static Probe probe(int finger, int position) {
        return Probe.ofFingers(List.of(new ProbeFinger(position, FingerprintTemplates.matchable(envelope(finger, 1, position)))));
    }

    private static Gallery gallery() {
        Gallery gallery = new Gallery(new GalleryConfig("test", 3, 1e-4, Instant.now()));
        enroll(gallery, "alice", Map.of("programme", "NEXUS"), new int[] {1, 2}, new int[] {2, 7});
        enroll(gallery, "bob", Map.of("programme", "SENTRI"), new int[] {3, 4}, new int[] {2, 7});
        enroll(gallery, "carol", Map.of("programme", "NEXUS", "status", "REVOKED"), new int[] {5}, new int[] {0});
        return gallery;
    }

    @Test
    void aSubjectScoresItsBestCompatibleFinger() {
        Gallery gallery = gallery();

        SubjectScore indexFinger = gallery.verify(probe(2, 7), "alice").orElseThrow();
        assertThat(indexFinger.modalities()).singleElement().satisfies(finger -> {
            assertThat(finger.modality()).isEqualTo(Modality.FINGERPRINT);
            assertThat(finger.referencePosition()).isEqualTo(7);
        });
        assertThat(indexFinger.score()).isGreaterThan(gallery.verify(probe(2, 7), "bob").orElseThrow().score());
        assertThat(gallery.verify(probe(2, 3), "alice")).as("no finger at position 3").isEmpty();
        assertThat(gallery.verify(probe(5, 9), "carol")).as("unknown enrolled position compares").isPresent();
    }

    @Test
    void severalProbeFingersAreScoredOnTheirCombinedCalibratedEvidence() {
        Gallery gallery = gallery();
        double indexAlone = gallery.verify(probe(1, 2), "alice").orElseThrow().score();
        double middleAlone = gallery.verify(probe(2, 7), "alice").orElseThrow().score();
        ThresholdTable table = ThresholdTable.fingerprint();

        SubjectScore both = gallery.verify(Probe.ofFingers(List.of(
                new ProbeFinger(2, FingerprintTemplates.matchable(envelope(1, 1, 2))),
                new ProbeFinger(7, FingerprintTemplates.matchable(envelope(2, 1, 7))))), "alice").orElseThrow();
        // -log10 FMR of Fisher's rule on each finger's calibrated probability: stronger than either finger alone.
        assertThat(both.score()).isCloseTo(ScoreFusion.fisherDecades(table.decadesAt(indexAlone)
                + table.decadesAt(middleAlone), 2), within(1e-9));
        assertThat(both.score()).isGreaterThan(Math.max(table.decadesAt(indexAlone), table.decadesAt(middleAlone)));
        assertThat(both.modalities()).singleElement().satisfies(finger ->
                assertThat(finger.score()).isEqualTo(Math.max(indexAlone, middleAlone)));

        // Positions unknown, the two captures may be one finger twice, so they are one piece of
        // evidence: their best of four comparisons, on a single comparison's scale.
        SubjectScore unknown = gallery.verify(Probe.ofFingers(List.of(
                new ProbeFinger(0, FingerprintTemplates.matchable(envelope(1, 1, 0))),
                new ProbeFinger(0, FingerprintTemplates.matchable(envelope(2, 1, 0))))), "alice").orElseThrow();
        double bestOfFour = unknown.modalities().getFirst().score();
        assertThat(bestOfFour).isEqualTo(Math.max(indexAlone, middleAlone));
        assertThat(table.decadesAt(unknown.score())).isCloseTo(table.decadesAt(bestOfFour) - Math.log10(4), within(0.01));

        // Two captures of one finger at its position are one piece of evidence too, not two fingers.
        SubjectScore twice = gallery.verify(Probe.ofFingers(List.of(
                new ProbeFinger(2, FingerprintTemplates.matchable(envelope(1, 1, 2))),
                new ProbeFinger(2, FingerprintTemplates.matchable(envelope(1, 2, 2))))), "alice").orElseThrow();
        assertThat(table.decadesAt(twice.score()))
                .isCloseTo(table.decadesAt(twice.modalities().getFirst().score()) - Math.log10(2), within(0.01));
    }

    @Test
    void aFingerOfUnknownPositionScoresLessThanItsBestComparisonAgainstSeveralFingers() {
        Gallery gallery = gallery();
        SubjectScore known = gallery.verify(probe(1, 2), "alice").orElseThrow();
        SubjectScore unknown = gallery.verify(probe(1, 0), "alice").orElseThrow();

        assertThat(known.score()).as("one comparison: the raw score").isEqualTo(known.modalities().getFirst().score());
        // Two chances at alice's two fingers: the same best comparison, worth what one comparison
        // at half its false-match probability would score.
        assertThat(unknown.modalities().getFirst().score()).isEqualTo(known.score());
        ThresholdTable table = ThresholdTable.fingerprint();
        assertThat(table.decadesAt(unknown.score()))
                .isCloseTo(table.decadesAt(known.score()) - Math.log10(2), within(0.01));
    }

    @Test
    void identifySearchesOnlyRowsThatPassTheFilterAndThePosition() {
        Gallery gallery = gallery();

        IdentifyOutcome all = gallery.identify(probe(3, 0), AttributeFilter.NONE, 10, POOL, Cancellation.NEVER);
        assertThat(all.searched()).isEqualTo(5);
        assertThat(all.ranked().get(0).subjectId()).isEqualTo("bob");

        IdentifyOutcome indexOnly = gallery.identify(probe(3, 2), AttributeFilter.NONE, 10, POOL, Cancellation.NEVER);
        assertThat(indexOnly.searched()).as("position-2 rows plus carol's unknown one").isEqualTo(3);

        AttributeFilter activeNexus = new AttributeFilter(List.of(
                new AttributeFilter.Clause("programme", List.of("NEXUS"), false),
                new AttributeFilter.Clause("status", List.of("REVOKED"), true)));
        IdentifyOutcome filtered = gallery.identify(probe(3, 0), activeNexus, 10, POOL, Cancellation.NEVER);
        assertThat(filtered.ranked()).extracting(SubjectScore::subjectId).containsExactly("alice");
    }

    @Test
    void deletesAndAttributeUpdatesChangeWhatASearchSees() {
        Gallery gallery = gallery();
        ShardSnapshot before = snapshotHolding(gallery, "bob");

        gallery.remove("bob");
        gallery.updateAttributes("alice", Map.of("programme", "FAST"));

        assertThat(gallery.identify(probe(3, 0), AttributeFilter.NONE, 10, POOL, Cancellation.NEVER).ranked())
                .extracting(SubjectScore::subjectId).doesNotContain("bob");
        assertThat(gallery.subject("bob")).isEmpty();
        AttributeFilter fast = new AttributeFilter(List.of(new AttributeFilter.Clause("programme", List.of("FAST"), false)));
        assertThat(gallery.identify(probe(1, 0), fast, 10, POOL, Cancellation.NEVER).ranked()).extracting(SubjectScore::subjectId)
                .containsExactly("alice");
        assertThat(gallery.stats().subjects()).isEqualTo(2);
        assertThat(gallery.stats().templates()).isEqualTo(3);

        // A search that started before the delete keeps its consistent view.
        assertThat(before.search(before.candidates(AttributeFilter.NONE, probe(3, 0)), probe(3, 0), 10, SearchMode.EXHAUSTIVE, 0, Cancellation.NEVER))
                .extracting(SubjectScore::subjectId).contains("bob");
    }

    @Test
    void aCancelledSearchStopsWithACancelledError() {
        Gallery gallery = new Gallery(new GalleryConfig("large", 2, 1e-4, Instant.now()));
        TemplateEnvelope envelope = envelope(1, 0, 0);
        Matchable template = Matchable.Finger.of(envelope);
        for (int i = 0; i < 2_000; i++) {
            gallery.add(new SubjectRecord("S" + i, Map.of(), List.of(envelope), Instant.now()), List.of(template), false);
        }
        gallery.publishAll();
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();

        assertThatThrownBy(() -> gallery.identify(probe(1, 0), AttributeFilter.NONE, 10, POOL,
                () -> polls.incrementAndGet() > 1))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.CANCELLED));
        assertThat(gallery.identify(probe(1, 0), AttributeFilter.NONE, 10, POOL, Cancellation.NEVER).searched())
                .isEqualTo(2_000);
    }

    private static ShardSnapshot snapshotHolding(Gallery gallery, String subjectId) {
        for (int i = 0; i < gallery.config().shards(); i++) {
            ShardSnapshot snapshot = gallery.shard(i).snapshot();
            if (snapshot.search(snapshot.candidates(AttributeFilter.NONE, probe(3, 0)), probe(3, 0), 10, SearchMode.EXHAUSTIVE, 0, Cancellation.NEVER).stream()
                    .anyMatch(s -> s.subjectId().equals(subjectId))) {
                return snapshot;
            }
        }
        throw new AssertionError(subjectId + " is in no shard");
    }
}
