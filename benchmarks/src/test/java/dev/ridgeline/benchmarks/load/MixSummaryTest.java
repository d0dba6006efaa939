package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.benchmarks.evaluation.ModalityOption;
import io.grpc.Status;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The soak's mix parsing, schedule, duration parsing and report, without a service. */
class MixSummaryTest {

    @Test
    void aMixParsesAndItsScheduleHoldsEachOperationAsOftenAsItsWeightSpreadOut() {
        OperationMix mix = OperationMix.parse("enroll:1, verify:8,identify:2");
        assertThat(mix.toString()).isEqualTo("verify:8,identify:2,enroll:1");
        List<Operation> schedule = mix.schedule();
        assertThat(schedule).hasSize(11);
        assertThat(Collections.frequency(schedule, Operation.VERIFY)).isEqualTo(8);
        assertThat(Collections.frequency(schedule, Operation.IDENTIFY)).isEqualTo(2);
        assertThat(Collections.frequency(schedule, Operation.ENROLL)).isEqualTo(1);
        // the two identify calls are not next to each other
        int first = schedule.indexOf(Operation.IDENTIFY);
        assertThat(schedule.lastIndexOf(Operation.IDENTIFY) - first).isGreaterThan(2);
        assertThat(OperationMix.only(Operation.ENROLL).schedule()).containsExactly(Operation.ENROLL);
    }

    @Test
    void aBadMixNamesWhatIsWrong() {
        assertThatThrownBy(() -> OperationMix.parse("verify")).hasMessageContaining("operation:weight");
        assertThatThrownBy(() -> OperationMix.parse("search:1")).hasMessageContaining("unknown operation 'search'");
        assertThatThrownBy(() -> OperationMix.parse("verify:x")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> OperationMix.parse("verify:0")).hasMessageContaining("1-1000");
        assertThatThrownBy(() -> OperationMix.parse("verify:1,verify:2")).hasMessageContaining("twice");
    }

    @Test
    void durationsTakeSecondsOrAUnit() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("90")).isEqualTo(90.0);
        assertThat(converter.convert("2.5s")).isEqualTo(2.5);
        assertThat(converter.convert("5m")).isEqualTo(300.0);
        assertThat(converter.convert("1h")).isEqualTo(3600.0);
        assertThatThrownBy(() -> converter.convert("5d")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> converter.convert("m")).hasMessageContaining("not a duration");
    }

    /** {@code calls} calls of 1..calls ms over 10 s, and {@code errors} UNAVAILABLE. */
    private static LoadRun.Outcome outcome(int calls, long errors) {
        Histogram latency = LoadRun.newHistogram();
        for (int ms = 1; ms <= calls; ms++) {
            latency.recordValue(ms * 1000L);
        }
        return new LoadRun.Outcome(latency, errors == 0 ? Map.of() : Map.of(Status.Code.UNAVAILABLE, errors), calls, 10.0);
    }

    private static MixSummary summary(long verifyErrors) {
        Map<Operation, LoadRun.Outcome> outcomes = new EnumMap<>(Operation.class);
        outcomes.put(Operation.VERIFY, outcome(800, verifyErrors));
        outcomes.put(Operation.IDENTIFY, outcome(200, 0));
        outcomes.put(Operation.ENROLL, outcome(100, 0));
        // 100 enrollments of 1,000 B explain 0.1 MB of the 0.5 MB growth
        return new MixSummary(OperationMix.parse("verify:8,identify:2,enroll:1"), ModalityOption.FINGER, 2000, 4,
                outcomes, 1000, List.of(new HeapSampler.Sample(0, 100_000_000), new HeapSampler.Sample(30, 100_300_000),
                        new HeapSampler.Sample(60, 100_500_000)));
    }

    /** The overall p50 and p99 are of all calls together (1..800, 1..200 and 1..100 ms), not of one operation. */
    @Test
    void theResultLineKeepsTheSingleOperationKeysThenTheMixAndHeapKeys() {
        assertThat(summary(0).figures().resultLine()).isEqualTo("RESULT operation=mix modality=finger gallery=2000"
                + " clients=4 ops_per_s=110.0 p50_ms=250.111 p99_ms=789.503 errors=0 bytes_per_template=1000"
                + " mix=verify:8,identify:2,enroll:1 duration_s=10.0 operations=1100"
                + " verify_ops_per_s=80.0 verify_p99_ms=792.063 verify_errors=0"
                + " identify_ops_per_s=20.0 identify_p99_ms=198.015 identify_errors=0"
                + " enroll_ops_per_s=10.0 enroll_p99_ms=99.007 enroll_errors=0"
                + " heap_samples=3 heap_first_mb=100.0 heap_last_mb=100.5 heap_growth_mb=0.5"
                + " heap_growth_unexplained_mb=0.4");
    }

    @Test
    void peopleSeeErrorsPerOperationAndTheHeapSamples() {
        Map<String, String> rows = summary(3).figures().rows();
        assertThat(rows.get("verify")).contains("80.0 ops/s").endsWith("errors 3 (UNAVAILABLE=3)");
        assertThat(rows.get("errors")).isEqualTo("3 (UNAVAILABLE=3)");
        assertThat(rows.get("heap after GC (MB)")).isEqualTo("0s:100.0 30s:100.3 60s:100.5");
        assertThat(summary(3).figures().resultLine()).contains(" errors=3 ").contains(" verify_errors=3 ");
    }
}
