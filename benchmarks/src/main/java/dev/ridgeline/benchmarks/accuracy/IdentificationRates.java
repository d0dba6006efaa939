package dev.ridgeline.benchmarks.accuracy;

/**
 * Identification (1:N) figures from one score per search.
 *
 * <p>Each mated search contributes the mate's score if the mate was ranked first, else
 * {@code -infinity}: a search whose mate was not first is a miss at every threshold. Each
 * non-mated search (mates removed from the gallery) contributes its top candidate's score, or
 * {@code -infinity} when it returned none, which is never a false positive.
 *
 * <p>{@code FPIR(T)} is the fraction of non-mated searches with a top score {@code >= T};
 * {@code FNIR(T)} the fraction of mated searches whose mate was not ranked first or scored
 * {@code < T}. Thresholds are chosen among the distinct finite observed scores plus +infinity.
 * Figures that need an empty side are NaN. Immutable and thread-safe.
 */
public final class IdentificationRates {

    private final SortedScores mated;
    private final SortedScores nonMated;
    private final int matesNotFirst;

    private IdentificationRates(SortedScores mated, SortedScores nonMated) {
        this.mated = mated;
        this.nonMated = nonMated;
        // Every finite score is >= -MAX_VALUE, so what lies below it is exactly the -infinity entries.
        this.matesNotFirst = mated.countBelow(-Double.MAX_VALUE);
    }

    /**
     * Copies and sorts both sets.
     *
     * @throws IllegalArgumentException if a score is NaN or +infinity
     */
    public static IdentificationRates of(double[] mateRankOneScores, double[] nonMatedTopScores) {
        requireScores(mateRankOneScores, "mated");
        requireScores(nonMatedTopScores, "non-mated");
        return new IdentificationRates(SortedScores.of(mateRankOneScores), SortedScores.of(nonMatedTopScores));
    }

    public int matedCount() {
        return mated.size();
    }

    public int nonMatedCount() {
        return nonMated.size();
    }

    /** Fraction of mated searches with the mate ranked first, whatever its score; NaN without mated searches. */
    public double rankOne() {
        if (mated.isEmpty()) {
            return Double.NaN;
        }
        return (double) (mated.size() - matesNotFirst) / mated.size();
    }

    /** Fraction of non-mated searches whose top score is {@code >= threshold}; NaN without non-mated searches. */
    public double fpirAt(double threshold) {
        if (nonMated.isEmpty() || Double.isNaN(threshold)) {
            return Double.NaN;
        }
        // Even a threshold of -infinity accepts nothing from a search that returned no candidate.
        return (double) nonMated.countAtLeast(Math.max(threshold, -Double.MAX_VALUE)) / nonMated.size();
    }

    /**
     * Fraction of mated searches missed at {@code threshold}: mate not ranked first, or its score
     * {@code < threshold}. NaN without mated searches.
     */
    public double fnirAt(double threshold) {
        if (mated.isEmpty() || Double.isNaN(threshold)) {
            return Double.NaN;
        }
        return (double) Math.max(mated.countBelow(threshold), matesNotFirst) / mated.size();
    }

    /**
     * The lowest candidate threshold whose FPIR is {@code <= fpir} (equality qualifies); +infinity
     * when only that rejects every non-mated search. Needs only non-mated searches; NaN without them.
     *
     * @throws IllegalArgumentException if {@code fpir} is negative or NaN
     */
    public double thresholdAtFpir(double fpir) {
        ThresholdSearch.requireRate(fpir, "fpir");
        if (nonMated.isEmpty()) {
            return Double.NaN;
        }
        return ThresholdSearch.lowestThreshold(nonMated, mated, fpir);
    }

    /**
     * FNIR at {@link #thresholdAtFpir(double)}, the lowest FNIR with FPIR {@code <= fpir}. NaN if
     * either side is empty.
     *
     * @throws IllegalArgumentException if {@code fpir} is negative or NaN
     */
    public double fnirAtFpir(double fpir) {
        return fnirAt(thresholdAtFpir(fpir));
    }

    private static void requireScores(double[] scores, String name) {
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i]) || scores[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(name + " score " + i + " is " + scores[i]
                        + "; use a finite score, or -Infinity for no mate at rank 1 / no candidate");
            }
        }
    }
}
