package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.benchmarks.evaluation.Figures;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopSummaryTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final List<Probe> PROBES = List.of(new Probe(Sample.getDefaultInstance(), "subject-0000000"));

    /** One second at {@code rate} against a service answering one call at a time in 10 ms (100 calls/s at most). */
    private static OpenLoopRun.Outcome second(double rate) throws InterruptedException {
        SerialService service = new SerialService(10 * MS, Set.of());
        Schedule schedule = new Schedule(0, rate);
        return OpenLoopRun.run(schedule, (int) schedule.callsWithin(1), List.of(service), PROBES, 1000, service);
    }

    @Test
    void resultKeysSayTheModeTheRateAndHowItWasKept() throws InterruptedException {
        Figures figures = new Figures();
        new OpenLoopSummary(second(50)).addTo(figures);
        assertThat(figures.resultLine()).isEqualTo("RESULT mode=open rate=50 achieved_rate=50.0 late_sends=0"
                + " cap_waits=0 peak_outstanding=1 send_delay_p99_ms=0.000 sent_p50_ms=10.000 sent_p99_ms=10.000");
    }

    @Test
    void theGeneratorsOwnLatenessIsToldApartFromTheCallsTime() throws InterruptedException {
        // One call outstanding at most against 20 ms calls at 100/s: call i leaves 10i ms late and takes 20 ms.
        SerialService service = new SerialService(20 * MS, Set.of());
        Figures figures = new Figures();
        new OpenLoopSummary(OpenLoopRun.run(new Schedule(0, 100), 10, List.of(service), PROBES, 1, service))
                .addTo(figures);
        assertThat(figures.resultLine()).contains(" send_delay_p99_ms=90.000 sent_p50_ms=20.000 sent_p99_ms=20.000");
        assertThat(figures.rows().get("latency from the actual send p50 / p99")).isEqualTo("20.000 / 20.000 ms");
    }

    @Test
    void theCurveShowsLatencyBendingUpPastCapacity() throws InterruptedException {
        Figures figures = new Figures();
        new RateCurve(List.of(second(50), second(200))).addTo(figures);
        // At 200/s the service answers 100/s: the 200 calls take 2 s and the last waits 1 s.
        assertThat(figures.resultLine()).matches("RESULT curve=50:50\\.0:10\\.0\\d\\d:10\\.0\\d\\d/200:100\\.0:50\\d\\.\\d{3}:99\\d\\.\\d{3}");
        assertThat(figures.rows()).containsKey("latency vs rate:   rate/s");
        assertThat(figures.rows().get(String.format("%25s", "200"))).contains("100.0").endsWith(" 0");
    }
}
