package dev.ridgeline.benchmarks.accuracy;

import java.util.Arrays;

/**
 * An ascending copy of one score set, answering "how many are below / at least t" by binary
 * search, so rates at any threshold cost O(log n) even with millions of impostor scores.
 */
final class SortedScores {

    private final double[] values;

    private SortedScores(double[] values) {
        this.values = values;
    }

    /** Copies and sorts; {@code -0.0} becomes {@code 0.0} so no threshold ever prints as "-0.0". */
    static SortedScores of(double[] scores) {
        double[] copy = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            copy[i] = scores[i] + 0.0;
        }
        Arrays.sort(copy);
        return new SortedScores(copy);
    }

    int size() {
        return values.length;
    }

    boolean isEmpty() {
        return values.length == 0;
    }

    double get(int index) {
        return values[index];
    }

    /** Number of scores strictly below {@code threshold} (the ones rejected at it). */
    int countBelow(double threshold) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] < threshold) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Number of scores {@code >= threshold} (the ones accepted at it, ties included). */
    int countAtLeast(double threshold) {
        return values.length - countBelow(threshold);
    }

    /** The smallest score strictly above {@code value}, or +infinity when there is none. */
    double lowestAbove(double value) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low < values.length ? values[low] : Double.POSITIVE_INFINITY;
    }
}
