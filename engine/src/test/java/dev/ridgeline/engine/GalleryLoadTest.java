package dev.ridgeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gallery reloaded from the store on several threads is the gallery that was enrolled. */
class GalleryLoadTest {

    private static final int FACES = 2_500;
    private static final int FINGERS = 4;
    private static final SyntheticFingerprints FINGERPRINTS = new SyntheticFingerprints(77);

    @TempDir
    Path dataDirectory;

    private static Sample finger(int finger, int impression) {
        return Sample.fingerImage(1 + finger % 10, FINGERPRINTS.impressionPng(finger, impression), SyntheticFingerprints.DPI);
    }

    /** Per probe, the top candidates with their scores, as a string that compares whole. */
    private static List<String> searches(RidgelineEngine engine, List<List<Sample>> probes) {
        List<String> results = new ArrayList<>();
        for (List<Sample> probe : probes) {
            List<RankedCandidate> candidates = engine.identify("g", probe, AttributeFilter.NONE, 5, 0, 0, true,
                    SearchMode.TWO_STAGE, Cancellation.NEVER).candidates();
            results.add(candidates.stream().map(c -> c.score().subjectId() + "=" + c.score().score()).toList().toString());
        }
        return results;
    }

    @Test
    void reloadedGalleryHoldsTheSameSubjectsAndAnswersTheSame() {
        List<List<Sample>> probes = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> probes.add(List.of(EnrollmentTest.face(i * 199, 1))));
        List<Sample> fingerSamples = IntStream.range(0, FINGERS).parallel()
                .mapToObj(f -> List.of(finger(f, 0), finger(f, 1))).flatMap(List::stream).toList();
        List<String> before;
        String statsBefore;
        try (RidgelineEngine engine = EnrollmentTest.open(dataDirectory)) {
            engine.createGallery("g", 3, 0);
            List<NewSubject> subjects = new ArrayList<>();
            for (int i = 0; i < FACES; i++) {
                subjects.add(new NewSubject("g", "face-" + i, List.of(EnrollmentTest.face(i, 0)),
                        Map.of("programme", i % 2 == 0 ? "NEXUS" : "SENTRI"), false));
            }
            for (int f = 0; f < FINGERS; f++) {
                subjects.add(new NewSubject("g", "finger-" + f, List.of(fingerSamples.get(2 * f)), Map.of(), false));
                probes.add(List.of(fingerSamples.get(2 * f + 1)));
            }
            assertThat(engine.enrollAll(subjects)).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
            before = searches(engine, probes);
            statsBefore = engine.gallery("g").stats().toString();
        }
        try (RidgelineEngine reopened = EnrollmentTest.open(dataDirectory)) {
            assertThat(reopened.gallery("g").stats().toString()).isEqualTo(statsBefore);
            assertThat(searches(reopened, probes)).isEqualTo(before);
            for (int i = 0; i < FACES; i += 97) {
                assertThat(reopened.subject("g", "face-" + i).attributes())
                        .containsEntry("programme", i % 2 == 0 ? "NEXUS" : "SENTRI");
            }
        }
    }
}
