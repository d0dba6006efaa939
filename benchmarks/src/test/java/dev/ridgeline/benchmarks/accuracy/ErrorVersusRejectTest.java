package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked curves: threshold 0.5, so a genuine score below it is a false non-match. */
class ErrorVersusRejectTest {

    private static final double EXACT = 1e-12;

    @Test
    void aQualityThatMarksTheFailuresFallsToZero() {
        // Ten comparisons, the two failures (0.1, 0.3) at the lowest qualities.
        double[] scores = {0.1, 0.3, 0.9, 0.8, 0.7, 0.9, 0.6, 0.8, 0.9, 0.7};
        double[] quality = {5, 10, 50, 60, 70, 80, 90, 95, 97, 99};
        List<ErrorVersusReject.Point> curve = ErrorVersusReject.curve(scores, quality, 0.5, 0, 0.1, 0.2, 0.5);

        assertThat(curve).extracting(ErrorVersusReject.Point::rejected).containsExactly(0.0, 0.1, 0.2, 0.5);
        assertThat(curve.get(0).fnmr()).isCloseTo(0.2, within(EXACT));
        assertThat(curve.get(1).fnmr()).as("one failure left among 9").isCloseTo(1 / 9.0, within(EXACT));
        assertThat(curve.get(2).fnmr()).isZero();
        assertThat(curve.get(3).fnmr()).isZero();
    }

    @Test
    void aQualityThatKnowsNothingKeepsTheRateAndAFailureAtTheTopRaisesIt() {
        // The only failure has the best quality: setting others aside only shrinks the denominator.
        double[] scores = {0.9, 0.9, 0.9, 0.2};
        double[] quality = {1, 2, 3, 4};
        List<ErrorVersusReject.Point> curve = ErrorVersusReject.curve(scores, quality, 0.5, 0, 0.25, 0.5);

        assertThat(curve).extracting(ErrorVersusReject.Point::fnmr).containsExactly(0.25, 1 / 3.0, 0.5);
    }

    @Test
    void aCutThroughTiedQualitiesCountsTheGroupsErrorsInProportion() {
        // Qualities 10 (one success), then four tied at 20 holding two failures, then one success at 30.
        // Setting aside 2 of 6: the 10 and one of the four tied; 3 of the tie are kept, expected
        // failures among them 2 x 3/4 = 1.5, over 4 kept comparisons.
        double[] scores = {0.9, 0.1, 0.2, 0.9, 0.9, 0.9};
        double[] quality = {10, 20, 20, 20, 20, 30};
        List<ErrorVersusReject.Point> curve = ErrorVersusReject.curve(scores, quality, 0.5, 2 / 6.0);

        assertThat(curve.getFirst().fnmr()).isCloseTo(1.5 / 4, within(EXACT));
    }

    @Test
    void mismatchedInputsAndSharesOutsideTheUnitIntervalAreRefused() {
        assertThatThrownBy(() -> ErrorVersusReject.curve(new double[] {1}, new double[] {1, 2}, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorVersusReject.curve(new double[] {1}, new double[] {1}, 0.5, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1)");
    }
}
