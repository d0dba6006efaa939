package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The calibration contract: thresholdAtFmr(x) is the lowest candidate (observed score or +inf)
 * with FMR <= x, equality included.
 */
class ThresholdAtFmrTest {

    private final ErrorRates thousandImpostors = ErrorRates.of(new double[0], ErrorRatesTest.range(1000));

    @Test
    void onePercentOfAThousandImpostorsIsTheTenthHighestScore() {
        // 990..999 are 10 scores: FMR(990) = 10/1000 = 1e-2 exactly, which qualifies; 989 gives 11/1000.
        assertThat(thousandImpostors.thresholdAtFmr(1e-2)).isEqualTo(990.0);
        assertThat(thousandImpostors.fmrAt(990)).isEqualTo(1e-2);
        assertThat(thousandImpostors.fmrAt(989)).isGreaterThan(1e-2);
    }

    @Test
    void onePerMilleOfAThousandImpostorsIsTheHighestScore() {
        // Only 999 is >= 999: FMR 1/1000 = 1e-3 exactly, which qualifies (<=), so not 1000.
        assertThat(thousandImpostors.thresholdAtFmr(1e-3)).isEqualTo(999.0);
        assertThat(thousandImpostors.fmrAt(999)).isEqualTo(1e-3);
        // Just under 1e-3 allows no impostor at all.
        assertThat(thousandImpostors.thresholdAtFmr(Math.nextDown(1e-3))).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void zeroFmrIsTheNextObservedScoreAboveEveryImpostorOrInfinity() {
        // No score above 999 was observed: the next candidate is +inf.
        assertThat(thousandImpostors.thresholdAtFmr(0)).isEqualTo(Double.POSITIVE_INFINITY);
        // A genuine score above the impostors is a candidate, so it is the answer (not 1000, nor 999 + ulp).
        ErrorRates withGenuine = ErrorRates.of(new double[] {500, 1000.5, 2000}, ErrorRatesTest.range(1000));
        assertThat(withGenuine.thresholdAtFmr(0)).isEqualTo(1000.5);
        assertThat(withGenuine.zeroFmr()).isCloseTo(1 / 3.0, within(1e-12));
        // 1e-3 still stops at 999 (1 impostor); the genuine 500 below it is the only one rejected.
        assertThat(withGenuine.thresholdAtFmr(1e-3)).isEqualTo(999.0);
    }

    @Test
    void aTargetOfOneOrMoreAcceptsEverythingFromTheLowestScore() {
        assertThat(thousandImpostors.thresholdAtFmr(1)).isZero();
        assertThat(thousandImpostors.thresholdAtFmr(5)).isZero();
        ErrorRates withLowGenuine = ErrorRates.of(new double[] {-3}, ErrorRatesTest.range(1000));
        assertThat(withLowGenuine.thresholdAtFmr(1)).isEqualTo(-3.0);
    }

    @Test
    void tiedImpostorsAreAcceptedOrRejectedTogether() {
        // impostor {1, 2, 2, 2, 3}: FMR(2) = 4/5, FMR(3) = 1/5. A target of 1/2 cannot split the 2s.
        ErrorRates rates = ErrorRates.of(new double[0], new double[] {1, 2, 2, 2, 3});
        assertThat(rates.thresholdAtFmr(0.5)).isEqualTo(3.0);
        assertThat(rates.thresholdAtFmr(0.8)).isEqualTo(2.0);
    }
}
