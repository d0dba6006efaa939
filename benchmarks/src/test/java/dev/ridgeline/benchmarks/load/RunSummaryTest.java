package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.benchmarks.evaluation.ModalityOption;
import io.grpc.Status;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    /** 1,000 calls of 1..1000 µs (exact in a 3-digit histogram) and 2 UNAVAILABLE, over 2 s. */
    private static LoadRun.Outcome outcome() {
        Histogram latency = LoadRun.newHistogram();
        for (int micros = 1; micros <= 1000; micros++) {
            latency.recordValue(micros);
        }
        return new LoadRun.Outcome(latency, Map.of(Status.Code.UNAVAILABLE, 2L), 990, 2.0);
    }

    @Test
    void resultLineHasTheIssueKeysInOrderWithPlainNumbers() {
        RunSummary summary = new RunSummary(Operation.VERIFY, ModalityOption.FINGER, 1_000_000, 8, outcome(),
                1234.4, 9425.2, null);
        assertThat(summary.figures().resultLine()).isEqualTo("RESULT operation=verify modality=finger gallery=1000000"
                + " clients=8 ops_per_s=500.0 p50_ms=0.500 p99_ms=0.990 errors=2 bytes_per_template=1234"
                + " p90_ms=0.900 p999_ms=0.999 max_ms=1.000 duration_s=2.0 operations=1002 matches=990 memory_source=measured"
                + " estimated_bytes_per_template=9425");
    }

    @Test
    void withoutAMeasurementTheEstimateStandsInAndSaysSo() {
        String line = new RunSummary(Operation.IDENTIFY, ModalityOption.FACE, 20, 2, outcome(), Double.NaN, 516, null)
                .figures().resultLine();
        assertThat(line).contains(" bytes_per_template=516 ").contains(" memory_source=estimate ");
    }

    @Test
    void peopleSeeErrorsByCodeAndTheMatchCount() {
        Map<String, String> rows = new RunSummary(Operation.VERIFY, ModalityOption.FINGER, 20, 2, outcome(), 1, 1, null)
                .figures().rows();
        assertThat(rows.get("errors")).isEqualTo("2 (UNAVAILABLE=2)");
        assertThat(rows.get("match decisions")).isEqualTo("990 of 1000");
        assertThat(rows.get("latency p50 / p90 / p99 / p99.9 / max")).isEqualTo("0.500 / 0.900 / 0.990 / 0.999 / 1.000 ms");
    }

    @Test
    void emptyHistogramGivesNanNotAnException() {
        assertThat(RunSummary.millis(LoadRun.newHistogram(), 50)).isEqualTo("nan");
        assertThat(RunSummary.number(Double.NaN, 1)).isEqualTo("nan");
        assertThat(RunSummary.number(1234567.891, 1)).isEqualTo("1234567.9");
    }
}
