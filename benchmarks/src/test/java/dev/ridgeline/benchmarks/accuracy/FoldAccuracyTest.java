package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldAccuracyTest {

    private static final double EXACT = 1e-12;

    @Test
    void theTrainingThresholdIsMidwayAcrossTheBestGap() {
        double[] scores = {0.9, 0.8, 0.7, 0.1, 0.2, 0.75};
        boolean[] matched = {true, true, true, false, false, false};

        // Between 0.2 and 0.7 five of six are right (0.75 is a false match); between 0.75 and 0.8, also five
        // (0.7 is a false non-match): the lowest wins.
        assertThat(FoldAccuracy.bestThreshold(scores, matched, IntStream.range(0, 6).toArray())).isCloseTo(0.45, within(EXACT));
    }

    @Test
    void eachFoldIsJudgedAtTheThresholdLearnedOnTheOthers() {
        // Folds 0 and 1 separate widely; fold 2 overlaps: its matched 0.45 and mismatched 0.65 are on the wrong sides.
        double[] scores = {0.9, 0.8, 0.1, 0.2, /* fold 1 */ 0.85, 0.95, 0.15, 0.05, /* fold 2 */ 0.55, 0.45, 0.35, 0.65};
        boolean[] matched = {true, true, false, false, true, true, false, false, true, true, false, false};
        int[] folds = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};

        FoldAccuracy accuracy = FoldAccuracy.of(scores, matched, folds);

        // Fold 2 held out: training mismatched 0.05..0.2, matched 0.8..0.95 -> threshold midway, 0.5. There
        // fold 2 gets 0.55 (accepted) and 0.35 (rejected) right, 0.45 and 0.65 wrong: 2 of 4.
        assertThat(accuracy.folds().get(2).threshold()).isCloseTo(0.5, within(EXACT));
        assertThat(accuracy.folds().get(2).correct()).isEqualTo(2);
        // Fold 0 held out: folds 1 and 2 are best cut between 0.35 and 0.45 (7 of 8 right), which fold 0 passes.
        assertThat(accuracy.folds().get(0).threshold()).isCloseTo(0.4, within(EXACT));
        assertThat(accuracy.folds()).extracting(FoldAccuracy.Fold::accuracy).containsExactly(1.0, 1.0, 0.5);
        assertThat(accuracy.mean()).isCloseTo((1.0 + 1.0 + 0.5) / 3, within(EXACT));
        // Population deviation of {1, 1, 0.5}: mean 5/6, squared deviations 1/36, 1/36, 4/36 -> sqrt(1/18).
        assertThat(accuracy.standardDeviation()).isCloseTo(Math.sqrt(1 / 18.0), within(EXACT));
    }

    @Test
    void anUnscoredPairIsWrongButDoesNotMoveTheThreshold() {
        double[] scores = {0.9, 0.1, /* fold 1 */ 0.8, Double.NaN, /* fold 2 */ Double.NaN, 0.2};
        boolean[] matched = {true, false, true, false, true, false};
        int[] folds = {0, 0, 1, 1, 2, 2};

        FoldAccuracy accuracy = FoldAccuracy.of(scores, matched, folds);

        // The mismatched NaN pair would be "right" under any rejection rule; it still counts as wrong.
        assertThat(accuracy.folds()).extracting(FoldAccuracy.Fold::correct).containsExactly(2, 1, 1);
        // Fold 0 held out: training scores 0.8 (matched) and 0.2 (mismatched) only.
        assertThat(accuracy.folds().get(0).threshold()).isCloseTo(0.5, within(EXACT));
        assertThat(accuracy.mean()).isCloseTo(2 / 3.0, within(EXACT));
    }

    @Test
    void tiedScoresMoveTogether() {
        // A matched and a mismatched pair both at 0.5: no threshold separates them, so one is always wrong.
        double[] scores = {0.5, 0.5, 0.9, 0.1};
        boolean[] matched = {true, false, true, false};

        double threshold = FoldAccuracy.bestThreshold(scores, matched, new int[] {0, 1, 2, 3});

        assertThat(threshold).isCloseTo(0.3, within(EXACT));
    }

    @Test
    void needsTwoFoldsAndPairsInEach() {
        assertThatThrownBy(() -> FoldAccuracy.of(new double[] {1, 0}, new boolean[] {true, false}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two folds");
        assertThatThrownBy(() -> FoldAccuracy.of(new double[] {1, 0}, new boolean[] {true, false}, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fold 2 holds no pairs");
    }
}
