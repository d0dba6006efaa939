package dev.ridgeline.benchmarks.evaluation;

import java.util.Arrays;

/** Nearest-rank percentiles of a handful of figures (per-probe latencies, shares, cosines). */
final class Percentile {

    private Percentile() {
    }

    /** The value at {@code percentile} (0-100) of {@code values}, which are left as they were. */
    static double of(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(percentile / 100 * sorted.length))];
    }
}
