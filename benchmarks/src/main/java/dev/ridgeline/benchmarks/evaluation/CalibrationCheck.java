package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.match.ThresholdTable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a threshold table keeps its promise on impostors it was not made from: for each target
 * FMR, the impostor comparisons at or above its threshold against the number the target allows.
 */
final class CalibrationCheck {

    private final ThresholdTable table;
    private final double[] sortedImpostors;

    CalibrationCheck(ThresholdTable table, double[] impostors) {
        this.table = table;
        this.sortedImpostors = impostors.clone();
        Arrays.sort(sortedImpostors);
    }

    /** Comparisons scoring at or above {@code threshold}. */
    long falseMatches(double threshold) {
        int firstAtOrAbove = Arrays.binarySearch(sortedImpostors, threshold);
        if (firstAtOrAbove < 0) {
            firstAtOrAbove = -firstAtOrAbove - 1;
        } else {
            while (firstAtOrAbove > 0 && sortedImpostors[firstAtOrAbove - 1] == threshold) {
                firstAtOrAbove--;
            }
        }
        return sortedImpostors.length - firstAtOrAbove;
    }

    void print(String source) {
        System.out.printf("table %s against %,d %s%n", table.version(), sortedImpostors.length, source);
        StringBuilder result = new StringBuilder("RESULT table=" + table.version() + " impostors=" + sortedImpostors.length);
        for (double fmr : table.fmrs()) {
            double threshold = table.threshold(fmr);
            long observed = falseMatches(threshold);
            double expected = fmr * sortedImpostors.length;
            System.out.printf(Locale.ROOT, "FMR %.0e: threshold %.4f, %d false matches, %.1f expected (ratio %.2f)%n",
                    fmr, threshold, observed, expected, observed / expected);
            result.append(String.format(Locale.ROOT, " observed_fmr_%.0e=%.3e", fmr, (double) observed / sortedImpostors.length));
        }
        System.out.println(result);
    }
}
