package dev.ridgeline.benchmarks.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.benchmarks.accuracy.IdentificationRates;
import dev.ridgeline.engine.gallery.SearchMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which mated probes `evaluate --search-background` lists, and what it says of each. */
class FingerSearchListingTest {

    @Test
    void listsTheProbesTheTwoStageSearchLostOrWhoseMateTheFirstStageWouldDrop() {
        double share = SearchMode.FINGER_SHORTLIST_SHARE;
        // Five probes: found by both at rank 1 and kept; lost by the two-stage search; found by both
        // but left out of the shortlist by blocks; ranked by neither and kept; ranked by neither
        // and left out by cells.
        int[][] ranks = {{1, 0, 1, 0, 0}, {1, 1, 1, 0, 0}};
        double[] scores = {120.5, 43.4, 60.0, Double.NaN, Double.NaN};
        SearchModeComparison.ModeOutcome mode = new SearchModeComparison.ModeOutcome(
                IdentificationRates.of(new double[] {1, 1, 1, 1, 1}, new double[0]), new long[] {1, 1, 1, 1, 1});
        SearchModeComparison.Outcome search = new SearchModeComparison.Outcome(mode, mode, 3, 5, ranks, scores);
        FirstStagePositions positions = new FirstStagePositions(
                new double[] {share / 10, 0.111, share, share / 2, 0.3},
                new double[] {share / 10, 0.0088, share * 2, share / 2, 0.5});
        FingerSearchEvaluation.BackgroundOutcome outcome = new FingerSearchEvaluation.BackgroundOutcome(search,
                positions, List.of("101_2", "109_2", "104_5", "110_3", "108_2"), new int[] {41, 12, 30, 25, 36});

        Figures figures = new Figures();
        outcome.missedMateRows(figures);

        assertThat(search.lostByTwoStage()).isEqualTo(1);
        assertThat(figures.rows()).containsOnlyKeys("probe 109_2 (12 minutiae)", "probe 104_5 (30 minutiae)",
                "probe 108_2 (36 minutiae)");
        assertThat(figures.rows().get("probe 109_2 (12 minutiae)")).isEqualTo("mate rank - two-stage / 1 exhaustive,"
                + " score 43.4; background at or above it by cells 11.100%, in the first pass and by blocks 0.880%");
        assertThat(figures.rows().get("probe 104_5 (30 minutiae)")).startsWith("mate rank 1 two-stage / 1 exhaustive");
        assertThat(figures.rows().get("probe 108_2 (36 minutiae)")).startsWith("mate rank - two-stage / - exhaustive,"
                + " score -;");
    }
}
