package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.ridgeline.api.v1.Sample;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OpenLoopRunTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final List<Probe> PROBES = List.of(new Probe(Sample.getDefaultInstance(), "subject-0000000"));

    private static OpenLoopRun.Outcome run(SerialService service, Schedule schedule, int calls, int maxOutstanding)
            throws InterruptedException {
        return OpenLoopRun.run(schedule, calls, List.of(service), PROBES, maxOutstanding, service);
    }

    @Test
    void callIIsIntendedAtStartPlusIOverTheRate() {
        Schedule schedule = new Schedule(1_000, 20);
        assertThat(schedule.intendedNanos(0)).isEqualTo(1_000);
        assertThat(schedule.intendedNanos(1)).isEqualTo(1_000 + 50 * MS);
        assertThat(schedule.intendedNanos(39)).isEqualTo(1_000 + 1_950 * MS);
        assertThat(schedule.callsWithin(2.0)).isEqualTo(40);
        assertThat(schedule.spanNanos(40)).isEqualTo(2_000 * MS);
        assertThat(schedule.late(1, 1_000 + 51 * MS)).isFalse();
        assertThat(schedule.late(1, 1_000 + 51 * MS + 1)).isTrue();
        Schedule burst = Schedule.burst(1_000);
        assertThat(burst.intendedNanos(199)).isEqualTo(1_000);
        assertThat(burst.spanNanos(200)).isZero();
    }

    @Test
    void aServiceThatKeepsUpIsSentToOnScheduleAndAnswersAtTheRate() throws InterruptedException {
        SerialService service = new SerialService(MS, Set.of());
        OpenLoopRun.Outcome outcome = run(service, new Schedule(0, 100), 100, 1000);
        assertThat(service.sentAt).isEqualTo(LongStream.range(0, 100).map(i -> i * 10 * MS).boxed().toList());
        assertThat(outcome.latencyNanos()).containsOnly(MS);
        assertThat(outcome.achievedRate()).isEqualTo(100.0);
        assertThat(outcome.lateSends()).isZero();
        assertThat(outcome.capWaits()).isZero();
        assertThat(outcome.peakOutstanding()).isEqualTo(1);
    }

    @Test
    void aSlowServiceIsStillSentToOnScheduleAndItsQueueCountsInTheLatency() throws InterruptedException {
        // 100 calls/s offered, 50 answered: call i is sent at 10i ms and answered at 20(i + 1) ms.
        SerialService service = new SerialService(20 * MS, Set.of());
        OpenLoopRun.Outcome outcome = run(service, new Schedule(0, 100), 100, 1000);
        assertThat(service.sentAt).isEqualTo(LongStream.range(0, 100).map(i -> i * 10 * MS).boxed().toList());
        assertThat(outcome.latencyNanos()).containsExactly(LongStream.range(0, 100).map(i -> (10 * i + 20) * MS).toArray());
        assertThat(outcome.calls().seconds()).isEqualTo(2.0);
        assertThat(outcome.achievedRate()).isEqualTo(50.0);
        assertThat(outcome.lateSends()).isZero();
        // When call 99 goes out, 49 have been answered.
        assertThat(outcome.peakOutstanding()).isEqualTo(51);
        assertThat(outcome.calls().latencyMicros().getMaxValue()).isBetween(1_009_000L, 1_011_000L);
    }

    @Test
    void sendsTheCapHoldsBackAreLateAndTimedFromTheirIntendedTime() throws InterruptedException {
        // One call outstanding at most: call i waits for call i - 1's answer at 20i ms, 10i ms after its intended time.
        SerialService service = new SerialService(20 * MS, Set.of());
        OpenLoopRun.Outcome outcome = run(service, new Schedule(0, 100), 10, 1);
        assertThat(service.sentAt).isEqualTo(LongStream.range(0, 10).map(i -> i * 20 * MS).boxed().toList());
        assertThat(outcome.capWaits()).isEqualTo(9);
        assertThat(outcome.lateSends()).isEqualTo(9);
        assertThat(outcome.peakOutstanding()).isEqualTo(1);
        // From their sends every call took 20 ms; from intended times the waits count.
        assertThat(outcome.latencyNanos()).containsExactly(LongStream.range(0, 10).map(i -> (10 * i + 20) * MS).toArray());
        assertThat(outcome.sendDelayNanos()).containsExactly(LongStream.range(0, 10).map(i -> 10 * i * MS).toArray());
    }

    @Test
    void failedCallsAreCountedByCodeAndMarkedInSendOrder() throws InterruptedException {
        SerialService service = new SerialService(MS, Set.of(3));
        OpenLoopRun.Outcome outcome = run(service, new Schedule(0, 100), 10, 1000);
        assertThat(outcome.latencyNanos()[3]).isEqualTo(-1);
        assertThat(outcome.calls().errors()).isEqualTo(Map.of(Status.Code.UNAVAILABLE, 1L));
        assertThat(outcome.calls().latencyMicros().getTotalCount()).isEqualTo(9);
        assertThat(outcome.achievedRate()).isEqualTo(100.0);
    }

    @Test
    void aBurstSendsEveryCallAtOnceAndTimesThemFromItsStart() throws InterruptedException {
        SerialService service = new SerialService(10 * MS, Set.of());
        OpenLoopRun.Outcome outcome = run(service, Schedule.burst(0), 10, 10);
        assertThat(service.sentAt).containsOnly(0L);
        assertThat(outcome.latencyNanos()).containsExactly(LongStream.rangeClosed(1, 10).map(i -> i * 10 * MS).toArray());
        assertThat(outcome.calls().seconds()).isEqualTo(0.1);
        assertThat(outcome.peakOutstanding()).isEqualTo(10);
    }

    @Test
    void ratesAreGivenAsCallsPerSecond() {
        RateConverter rates = new RateConverter();
        assertThat(rates.convert("200/s")).isEqualTo(200.0);
        assertThat(rates.convert("12.5")).isEqualTo(12.5);
        for (String wrong : List.of("0", "-5/s", "fast", "200/m")) {
            assertThatIllegalArgumentException().isThrownBy(() -> rates.convert(wrong));
        }
    }
}
