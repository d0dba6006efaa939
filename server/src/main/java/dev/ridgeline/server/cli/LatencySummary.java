package dev.ridgeline.server.cli;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of call latencies measured by a client command. */
final class LatencySummary {

    private final double[] millis;

    LatencySummary(double[] millis) {
        this.millis = millis.clone();
        Arrays.sort(this.millis);
    }

    double percentile(double p) {
        if (millis.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * millis.length) - 1;
        return millis[Math.max(0, Math.min(index, millis.length - 1))];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "latency over %d calls: p50 %.1f ms, p90 %.1f ms, max %.1f ms",
                millis.length, percentile(50), percentile(90), percentile(100));
    }
}
