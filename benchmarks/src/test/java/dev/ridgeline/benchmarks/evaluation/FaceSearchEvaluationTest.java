package dev.ridgeline.benchmarks.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The evaluate protocol that proves the face first stage loses nothing, at a scale a test can afford. */
class FaceSearchEvaluationTest {

    @Test
    void hardMatesAreFoundByTheTwoStageSearchAsByTheExhaustiveOne() {
        // 40,000 faces in one shard per core: each shard's first stage keeps 1,000 of its 20,000 rows.
        FaceSearchEvaluation.Outcome outcome = FaceSearchEvaluation.generated(40_000, 100);
        SearchModeComparison.Outcome comparison = outcome.comparison();

        assertThat(outcome.mateCosinePercentile(5)).as("hardest mates").isBetween(0.35, 0.45);
        assertThat(outcome.mateCosinePercentile(95)).as("easiest mates").isBetween(0.55, 0.65);
        assertThat(comparison.sameRankOne()).isEqualTo(comparison.matedProbes()).isEqualTo(100);
        assertThat(comparison.twoStage().rates().rankOne()).isEqualTo(comparison.exhaustive().rates().rankOne());
        assertThat(comparison.twoStage().rates().fnirAtFpir(1e-2))
                .isEqualTo(comparison.exhaustive().rates().fnirAtFpir(1e-2));
        assertThat(comparison.exhaustive().rates().nonMatedCount()).isEqualTo(100);
    }
}
