package dev.ridgeline.benchmarks.accuracy;

/**
 * Equal-width bins over a fixed score range, as fractions of the set, so sets of very different
 * sizes (a few thousand genuine, millions of impostor scores) share one y axis.
 */
final class Histogram {

    private Histogram() {
    }

    /**
     * @return for each of {@code bins} bins over [min, max], the fraction of {@code scores} in it;
     *         the top edge belongs to the last bin, scores outside the range are clamped into the
     *         end bins; all zeros for an empty set
     */
    static double[] fractions(double[] scores, double min, double max, int bins) {
        long[] counts = new long[bins];
        double width = (max - min) / bins;
        for (double score : scores) {
            int bin = (int) Math.floor((score - min) / width);
            counts[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        double[] fractions = new double[bins];
        for (int b = 0; b < bins; b++) {
            fractions[b] = scores.length == 0 ? 0 : (double) counts[b] / scores.length;
        }
        return fractions;
    }
}
