package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases. Notation: FMR(t) = #impostor >= t / m, FNMR(t) = #genuine < t / n;
 * candidates are the distinct scores plus +inf.
 */
class ErrorRatesTest {

    private static final double EXACT = 1e-12;

    @Test
    void perfectlySeparatedScoresHaveNoErrors() {
        // impostor 1..4, genuine 6..9. At t = 6: FMR 0/4, FNMR 0/4, so t1 = t2 = 6 and EER = 0;
        // t = 6 is also the lowest threshold with FMR 0, so ZeroFMR = FMR1000 = FMR100 = FNMR(6) = 0.
        ErrorRates rates = ErrorRates.of(new double[] {9, 7, 8, 6}, new double[] {3, 1, 4, 2});

        assertThat(rates.eer()).isZero();
        assertThat(rates.zeroFmr()).isZero();
        assertThat(rates.fmr100()).isZero();
        assertThat(rates.fmr1000()).isZero();
        assertThat(rates.tarAtFar(1e-3)).isEqualTo(1.0);
        assertThat(rates.thresholdAtFmr(0)).isEqualTo(6.0);
        assertThat(rates.genuineCount()).isEqualTo(4);
        assertThat(rates.impostorCount()).isEqualTo(4);
    }

    @Test
    void overlappingScoresWithoutACrossingTakeTheSmallerSum() {
        // genuine {2,4,6,8} (n=4), impostor {1,3,5,7,9} (m=5):
        //   t:     1    2    3    4    5    6    7    8    9    inf
        //   FMR:   1   .8   .8   .6   .6   .4   .4   .2   .2    0
        //   FNMR:  0    0  .25  .25   .5   .5  .75  .75    1    1
        // t1 = 5 (FNMR .5 <= FMR .6, sum 1.1); t2 = 6 (FNMR .5 >= FMR .4, sum .9): EER = .9 / 2 = .45.
        ErrorRates rates = ErrorRates.of(new double[] {2, 4, 6, 8}, new double[] {1, 3, 5, 7, 9});

        assertThat(rates.eer()).isCloseTo(0.45, within(EXACT));
        // FMR <= .2 first at t = 8 (only 9 accepted): FNMR(8) = .75, TAR .25.
        assertThat(rates.thresholdAtFmr(0.2)).isEqualTo(8.0);
        assertThat(rates.fnmrAtFmr(0.2)).isEqualTo(0.75);
        assertThat(rates.tarAtFar(0.2)).isCloseTo(0.25, within(EXACT));
        // FMR <= .4 first at t = 6: FNMR .5.
        assertThat(rates.fnmrAtFmr(0.4)).isEqualTo(0.5);
        // FMR <= .01 needs FMR 0: t = +inf (no genuine score above 9), so everything is rejected.
        assertThat(rates.thresholdAtFmr(0.01)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(rates.fmr100()).isEqualTo(1.0);
        assertThat(rates.fmr1000()).isEqualTo(1.0);
        assertThat(rates.zeroFmr()).isEqualTo(1.0);
        assertThat(rates.tarAtFar(1e-2)).isZero();
    }

    @Test
    void fvcFiguresOnAThousandImpostors() {
        // impostor 0..999 (m=1000), genuine (n=10) {500, 989, 990, 995, 998, 999, 999.5, 1000, 1001, 1002}.
        // FMR100: at most 10 impostors >= t, so t > 989: t = 990 (FMR 10/1000 = .01 exactly);
        //   genuine below 990 are {500, 989}: FNMR .2, TAR@FAR1% .8.
        // FMR1000: at most 1 impostor >= t, so t > 998: t = 999 (FMR .001); genuine below 999:
        //   {500, 989, 990, 995, 998}: FNMR .5.
        // ZeroFMR: t > 999: t = 999.5 (a genuine score); six genuine below it: FNMR .6.
        // EER: FNMR is .1 (just the 500) for 501 <= t <= 989, FMR(t) = (1000 - t) / 1000 there, so
        //   the curves cross at t = 900 (FMR = FNMR = .1): t1 = t2 = 900, EER = .1.
        ErrorRates rates = ErrorRates.of(new double[] {500, 989, 990, 995, 998, 999, 999.5, 1000, 1001, 1002},
                range(1000));

        assertThat(rates.thresholdAtFmr(1e-2)).isEqualTo(990.0);
        assertThat(rates.fmr100()).isEqualTo(0.2);
        assertThat(rates.tarAtFar(1e-2)).isCloseTo(0.8, within(EXACT));
        assertThat(rates.thresholdAtFmr(1e-3)).isEqualTo(999.0);
        assertThat(rates.fmr1000()).isEqualTo(0.5);
        assertThat(rates.tarAtFar(1e-3)).isCloseTo(0.5, within(EXACT));
        assertThat(rates.thresholdAtFmr(0)).isEqualTo(999.5);
        assertThat(rates.zeroFmr()).isEqualTo(0.6);
        assertThat(rates.eer()).isCloseTo(0.1, within(EXACT));
        assertThat(rates.fmrAt(900)).isEqualTo(0.1);
        assertThat(rates.fnmrAt(900)).isEqualTo(0.1);
    }

    @Test
    void scoresEqualToTheThresholdAreMatches() {
        // genuine {5,5,5,8}, impostor {1,5,5,5}; candidates 1, 5, 8, inf.
        //   t = 5: FMR 3/4 (the three 5s match), FNMR 0 (the genuine 5s match too).
        //   t = 8: FMR 0, FNMR 3/4.
        // t1 = 5 (sum .75), t2 = 8 (sum .75): equal sums, EER = .375.
        ErrorRates rates = ErrorRates.of(new double[] {5, 5, 5, 8}, new double[] {1, 5, 5, 5});

        assertThat(rates.fmrAt(5)).isEqualTo(0.75);
        assertThat(rates.fnmrAt(5)).isZero();
        assertThat(rates.fmrAt(Math.nextUp(5.0))).isZero();
        assertThat(rates.fnmrAt(Math.nextUp(5.0))).isEqualTo(0.75);
        assertThat(rates.eer()).isEqualTo(0.375);
        // FMR .75 qualifies at 5 itself; anything stricter must skip all three 5s and lands on 8.
        assertThat(rates.thresholdAtFmr(0.75)).isEqualTo(5.0);
        assertThat(rates.fnmrAtFmr(0.75)).isZero();
        assertThat(rates.thresholdAtFmr(0.5)).isEqualTo(8.0);
        assertThat(rates.fnmrAtFmr(0.5)).isEqualTo(0.75);
        assertThat(rates.zeroFmr()).isEqualTo(0.75);
    }

    @Test
    void allEqualScoresGiveHalfAnEer() {
        // Every score 7: t = 7 accepts everything (FMR 1, FNMR 0), +inf rejects everything (0, 1).
        // t1 = 7 and t2 = +inf both sum to 1: EER = .5. No threshold below +inf has FMR < 1.
        ErrorRates rates = ErrorRates.of(new double[] {7, 7, 7}, new double[] {7, 7, 7, 7});

        assertThat(rates.eer()).isEqualTo(0.5);
        assertThat(rates.zeroFmr()).isEqualTo(1.0);
        assertThat(rates.fmr100()).isEqualTo(1.0);
        assertThat(rates.fnmrAtFmr(1)).isZero();
        assertThat(rates.thresholdAtFmr(1)).isEqualTo(7.0);
        assertThat(rates.thresholdAtFmr(0.99)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(rates.det()).containsExactly(new ErrorRates.DetPoint(7, 1, 0),
                new ErrorRates.DetPoint(Double.POSITIVE_INFINITY, 0, 1));
    }

    @Test
    void emptyGenuineSetLeavesOnlyImpostorFigures() {
        ErrorRates rates = ErrorRates.of(new double[0], new double[] {1, 2, 3});

        assertThat(rates.genuineCount()).isZero();
        assertThat(rates.eer()).isNaN();
        assertThat(rates.fmr100()).isNaN();
        assertThat(rates.fmr1000()).isNaN();
        assertThat(rates.zeroFmr()).isNaN();
        assertThat(rates.tarAtFar(0.5)).isNaN();
        assertThat(rates.fnmrAt(2)).isNaN();
        assertThat(rates.det()).isEmpty();
        // Calibration needs impostors only.
        assertThat(rates.fmrAt(2)).isCloseTo(2 / 3.0, within(EXACT));
        assertThat(rates.thresholdAtFmr(1 / 3.0)).isEqualTo(3.0);
        assertThat(rates.thresholdAtFmr(0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void emptyImpostorSetLeavesOnlyGenuineFigures() {
        ErrorRates rates = ErrorRates.of(new double[] {1, 2, 3, 4}, new double[0]);

        assertThat(rates.impostorCount()).isZero();
        assertThat(rates.eer()).isNaN();
        assertThat(rates.fmr100()).isNaN();
        assertThat(rates.zeroFmr()).isNaN();
        assertThat(rates.tarAtFar(1e-3)).isNaN();
        assertThat(rates.thresholdAtFmr(0.01)).isNaN();
        assertThat(rates.fmrAt(2)).isNaN();
        assertThat(rates.det()).isEmpty();
        assertThat(rates.fnmrAt(3)).isEqualTo(0.5);
    }

    @Test
    void bothSetsEmptyIsAllNaN() {
        ErrorRates rates = ErrorRates.of(new double[0], new double[0]);

        assertThat(rates.eer()).isNaN();
        assertThat(rates.fmr1000()).isNaN();
        assertThat(rates.thresholdAtFmr(0)).isNaN();
        assertThat(rates.fmrAt(0)).isNaN();
        assertThat(rates.fnmrAt(0)).isNaN();
        assertThat(rates.det()).isEmpty();
    }

    @Test
    void copiesItsInputAndRefusesNonFiniteScoresAndBadRates() {
        double[] genuine = {9, 8};
        double[] impostor = {1, 2};
        ErrorRates rates = ErrorRates.of(genuine, impostor);
        genuine[0] = 0;
        impostor[0] = 100;
        assertThat(rates.eer()).isZero();

        assertThatThrownBy(() -> ErrorRates.of(new double[] {Double.NaN}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("genuine score 0 is NaN");
        assertThatThrownBy(() -> ErrorRates.of(new double[0], new double[] {1, Double.POSITIVE_INFINITY}))
                .hasMessageContaining("impostor score 1 is Infinity");
        assertThatThrownBy(() -> rates.thresholdAtFmr(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rates.fnmrAtFmr(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    static double[] range(int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i;
        }
        return values;
    }
}
