package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.benchmarks.evaluation.Figures;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BurstSummaryTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final List<Probe> PROBES = List.of(new Probe(Sample.getDefaultInstance(), "subject-0000000"));

    /** A burst of {@code calls} against a service answering one at a time, 10 ms each (first come, first served). */
    private static OpenLoopRun.Outcome firstComeFirstServed(int calls, Set<Integer> failing) throws InterruptedException {
        SerialService service = new SerialService(10 * MS, failing);
        return OpenLoopRun.run(Schedule.burst(0), calls, List.of(service), PROBES, calls, service);
    }

    @Test
    void templatingRateIsOneOverTheSingleCallTimeTimesTheCores() {
        TemplatingRate rate = new TemplatingRate(25_000, 2, "test");
        assertThat(rate.perCore()).isEqualTo(40.0);
        assertThat(rate.perSecond()).isEqualTo(80.0);
    }

    @Test
    void firstComeFirstServedAnswersHalfTheBurstByMidBurstAtTheFullRate() throws InterruptedException {
        // 10 calls answered at 10, 20, ... 100 ms; one core doing 100 calls/s.
        BurstSummary summary = new BurstSummary(firstComeFirstServed(10, Set.of()), new TemplatingRate(10_000, 1, "test"));
        assertThat(summary.wallSeconds()).isEqualTo(0.1);
        assertThat(summary.p50OverWall()).isEqualTo(0.5);
        assertThat(summary.throughput()).isCloseTo(100.0, within(1e-9));
        assertThat(summary.throughputRatio()).isCloseTo(1.0, within(1e-9));
        Figures figures = new Figures();
        summary.addTo(figures);
        assertThat(figures.resultLine()).isEqualTo("RESULT mode=burst burst=10 burst_wall_ms=100.000"
                + " burst_p50_over_wall=0.500 burst_throughput_ratio=1.000 templating_rate=100.0 single_call_ms=10.000"
                + " cores=1");
        assertThat(figures.rows().get("burst: per-call latency in send order (ms)"))
                .isEqualTo("10.0 20.0 30.0 40.0 50.0 60.0 70.0 80.0 90.0 100.0");
    }

    @Test
    void aServiceSharingItsCoresAnswersEveryCallNearTheEnd() {
        // Every call in the burst answered between 95 and 100 ms, on two cores able to do 200 calls/s together.
        Tally tally = new Tally();
        long[] latencies = new long[20];
        for (int call = 0; call < 20; call++) {
            latencies[call] = (95 + call / 4) * MS;
            tally.succeeded(latencies[call], true);
        }
        OpenLoopRun.Outcome burst = new OpenLoopRun.Outcome(tally.outcome(0.1), Schedule.burst(0), latencies, new long[latencies.length], 0,
                0, 20);
        BurstSummary summary = new BurstSummary(burst, new TemplatingRate(10_000, 2, "test"));
        // The 10th of 20 answers, at 97 ms.
        assertThat(summary.p50OverWall()).isCloseTo(0.97, within(1e-9));
        assertThat(summary.throughputRatio()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void failedCallsDoNotCountAsThroughput() throws InterruptedException {
        BurstSummary summary = new BurstSummary(firstComeFirstServed(10, Set.of(0, 1)), new TemplatingRate(10_000, 1, "test"));
        assertThat(summary.throughput()).isCloseTo(80.0, within(1e-9));
        Figures figures = new Figures();
        summary.addTo(figures);
        assertThat(figures.rows().get("burst: per-call latency in send order (ms)")).startsWith("failed failed 30.0 ");
    }
}
