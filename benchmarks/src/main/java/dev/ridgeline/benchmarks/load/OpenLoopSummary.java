package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;
import java.util.Arrays;

/** What an open-loop run adds to a run's figures: the schedule it kept and how well. */
record OpenLoopSummary(OpenLoopRun.Outcome outcome) {

    void addTo(Figures figures) {
        figures.row("open loop", rate(outcome.schedule().ratePerSecond()) + " calls/s scheduled; latency from each"
                + " call's intended send time");
        figures.row("achieved rate (answered calls/s)", RunSummary.number(outcome.achievedRate(), 1));
        figures.row("late sends (> 1 ms behind schedule)", Long.toString(outcome.lateSends()));
        figures.row("outstanding: peak / held back by the cap", outcome.peakOutstanding() + " / "
                + outcome.capWaits());
        // Both generator and service share this machine's cores: these separate the generator's
        // own lateness from what the network and the service took once a call had left.
        long[] delays = outcome.sendDelayNanos().clone();
        Arrays.sort(delays);
        long[] fromSend = fromSend(outcome);
        figures.row("send delay behind schedule p99 / max (the generator's own)", millis(percentile(delays, 0.99))
                + " / " + millis(percentile(delays, 1.0)) + " ms");
        figures.row("latency from the actual send p50 / p99", millis(percentile(fromSend, 0.5)) + " / "
                + millis(percentile(fromSend, 0.99)) + " ms");
        figures.result("mode", "open");
        figures.result("rate", rate(outcome.schedule().ratePerSecond()));
        figures.result("achieved_rate", RunSummary.number(outcome.achievedRate(), 1));
        figures.result("late_sends", outcome.lateSends());
        figures.result("cap_waits", outcome.capWaits());
        figures.result("peak_outstanding", outcome.peakOutstanding());
        figures.result("send_delay_p99_ms", millis(percentile(delays, 0.99)));
        figures.result("sent_p50_ms", millis(percentile(fromSend, 0.5)));
        figures.result("sent_p99_ms", millis(percentile(fromSend, 0.99)));
    }

    /** Each answered call's latency less its send delay, sorted. */
    private static long[] fromSend(OpenLoopRun.Outcome outcome) {
        long[] latencies = outcome.latencyNanos();
        long[] delays = outcome.sendDelayNanos();
        long[] fromSend = new long[latencies.length];
        int answered = 0;
        for (int i = 0; i < latencies.length; i++) {
            if (latencies[i] >= 0) {
                fromSend[answered++] = latencies[i] - delays[i];
            }
        }
        long[] sorted = Arrays.copyOf(fromSend, answered);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The nearest-rank percentile of sorted values, 0 when there are none. */
    static long percentile(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static String millis(long nanos) {
        return RunSummary.number(nanos / 1e6, 3);
    }

    /** A rate as given: 200, or 12.5. */
    static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? RunSummary.number(perSecond, 0) : RunSummary.number(perSecond, 1);
    }
}
