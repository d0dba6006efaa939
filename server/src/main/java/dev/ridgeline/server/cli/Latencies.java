package dev.ridgeline.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Call latencies measured by a client command, and their percentiles. */
final class Latencies {

    private final List<Double> millis = new ArrayList<>();

    /** Records the time since {@code startedNanos} (from {@link System#nanoTime()}) and returns it in ms. */
    double record(long startedNanos) {
        double elapsed = (System.nanoTime() - startedNanos) / 1e6;
        millis.add(elapsed);
        return elapsed;
    }

    double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = millis.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "latency over %d calls: p50 %.1f ms, p90 %.1f ms, max %.1f ms",
                millis.size(), percentile(50), percentile(90), percentile(100));
    }
}
