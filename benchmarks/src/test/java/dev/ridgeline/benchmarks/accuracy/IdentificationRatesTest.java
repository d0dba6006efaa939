package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentificationRatesTest {

    private static final double NONE = Double.NEGATIVE_INFINITY;

    // Mated searches (n=4): mates first with 10, 20, 30; one mate not first (-inf).
    // Non-mated searches (N=5): top scores 5, 15, 25, and two that returned no candidate (-inf).
    //   T:     5    10    15    20    25    30    inf
    //   FPIR: .6    .4    .4    .2    .2     0     0     (-inf never counts)
    //   FNIR: .25  .25    .5    .5   .75   .75     1     (the -inf mate always counts)
    private final IdentificationRates rates = IdentificationRates.of(
            new double[] {20, NONE, 10, 30}, new double[] {NONE, 25, 5, NONE, 15});

    @Test
    void rankOneIgnoresThresholds() {
        assertThat(rates.rankOne()).isEqualTo(0.75);
        assertThat(rates.matedCount()).isEqualTo(4);
        assertThat(rates.nonMatedCount()).isEqualTo(5);
    }

    @Test
    void fnirAtFpirUsesTheLowestThresholdMeetingTheFpir() {
        // FPIR <= .2 first at T = 20 (only 25 accepted): FNIR .5.
        assertThat(rates.thresholdAtFpir(0.2)).isEqualTo(20.0);
        assertThat(rates.fnirAtFpir(0.2)).isEqualTo(0.5);
        // FPIR <= .4 first at T = 10: FNIR .25, just the search whose mate was not first.
        assertThat(rates.thresholdAtFpir(0.4)).isEqualTo(10.0);
        assertThat(rates.fnirAtFpir(0.4)).isEqualTo(0.25);
        // FPIR 0 needs T above 25: T = 30 (a mated score), FNIR .75.
        assertThat(rates.thresholdAtFpir(0)).isEqualTo(30.0);
        assertThat(rates.fnirAtFpir(0)).isEqualTo(0.75);
        // Anything goes at FPIR 1: the lowest finite score, and FNIR = 1 - rank-1.
        assertThat(rates.thresholdAtFpir(1)).isEqualTo(5.0);
        assertThat(rates.fnirAtFpir(1)).isEqualTo(0.25);
    }

    @Test
    void searchesWithoutAMateFirstOrWithoutCandidatesCountAtEveryThreshold() {
        assertThat(rates.fnirAt(NONE)).isEqualTo(0.25);
        assertThat(rates.fpirAt(NONE)).isEqualTo(0.6);
        assertThat(rates.fpirAt(15)).isEqualTo(0.4);
        assertThat(rates.fnirAt(15)).isEqualTo(0.5);
    }

    @Test
    void emptySidesGiveNaN() {
        IdentificationRates noMated = IdentificationRates.of(new double[0], new double[] {1, 2});
        assertThat(noMated.rankOne()).isNaN();
        assertThat(noMated.fnirAtFpir(0.5)).isNaN();
        assertThat(noMated.thresholdAtFpir(0.5)).isEqualTo(2.0);

        IdentificationRates noNonMated = IdentificationRates.of(new double[] {3, NONE}, new double[0]);
        assertThat(noNonMated.rankOne()).isEqualTo(0.5);
        assertThat(noNonMated.thresholdAtFpir(0.01)).isNaN();
        assertThat(noNonMated.fnirAtFpir(0.01)).isNaN();

        IdentificationRates none = IdentificationRates.of(new double[0], new double[0]);
        assertThat(none.rankOne()).isNaN();
        assertThat(none.fnirAtFpir(0.01)).isNaN();
    }

    @Test
    void refusesNaNAndPositiveInfinity() {
        assertThatThrownBy(() -> IdentificationRates.of(new double[] {Double.NaN}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mated score 0");
        assertThatThrownBy(() -> IdentificationRates.of(new double[0], new double[] {Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-mated score 0");
        assertThatThrownBy(() -> rates.fnirAtFpir(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
