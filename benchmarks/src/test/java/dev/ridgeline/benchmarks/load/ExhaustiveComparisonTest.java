package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.benchmarks.evaluation.Figures;
import io.grpc.Status;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ExhaustiveComparisonTest {

    /** {@code calls} calls of {@code micros} each, the last one failed, over {@code seconds}. */
    private static LoadRun.Outcome outcome(int calls, long micros, double seconds) {
        Histogram latency = LoadRun.newHistogram();
        latency.recordValueWithCount(micros, calls - 1);
        return new LoadRun.Outcome(latency, Map.of(Status.Code.DEADLINE_EXCEEDED, 1L), calls - 1, seconds);
    }

    @Test
    void resultKeysGiveTheReferenceAndBothRatios() {
        Figures figures = new Figures();
        // Two-stage: 200 calls of 20 µs in 2 s (100/s); exhaustive: 4 calls of 1 ms in 4.2 s (0.95/s). Latencies this
        // small are exact in the histogram.
        new ExhaustiveComparison(outcome(201, 20, 2), outcome(5, 1000, 4.2)).addTo(figures);
        assertThat(figures.resultLine()).isEqualTo("RESULT exhaustive_p50_ms=1.000 exhaustive_p99_ms=1.000"
                + " speedup=50.00 exhaustive_ops_per_s=0.952 throughput_ratio=105.00 exhaustive_calls=5"
                + " exhaustive_errors=1 exhaustive_matches=4");
        assertThat(figures.rows().get("exhaustive: errors")).isEqualTo("1 (DEADLINE_EXCEEDED=1)");
        assertThat(figures.rows().get("speedup (exhaustive p50 / two-stage p50)")).isEqualTo("50.0x");
    }

    @Test
    void withoutASuccessfulExhaustiveCallTheRatiosAreNan() {
        Figures figures = new Figures();
        new ExhaustiveComparison(outcome(201, 20, 2), outcome(1, 1, 600)).addTo(figures);
        assertThat(figures.resultLine()).contains(" speedup=nan ").contains(" throughput_ratio=nan ");
    }
}
