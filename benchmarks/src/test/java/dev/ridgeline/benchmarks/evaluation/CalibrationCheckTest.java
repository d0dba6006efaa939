package dev.ridgeline.benchmarks.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.match.ThresholdTable;
import org.junit.jupiter.api.Test;

class CalibrationCheckTest {

    private static final ThresholdTable TABLE = new ThresholdTable("test", new double[] {1e-1, 1e-2}, new double[] {0.5, 0.9});

    @Test
    void countsImpostorsAtOrAboveAThresholdIncludingTies() {
        CalibrationCheck check = new CalibrationCheck(TABLE, new double[] {0.9, 0.1, 0.5, 0.5, 0.95, 0.2, 0.5});

        assertThat(check.falseMatches(0.5)).isEqualTo(5);
        assertThat(check.falseMatches(0.9)).isEqualTo(2);
        assertThat(check.falseMatches(0.96)).isZero();
        assertThat(check.falseMatches(0.0)).isEqualTo(7);
    }
}
