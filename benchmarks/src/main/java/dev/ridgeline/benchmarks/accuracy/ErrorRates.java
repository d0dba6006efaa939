package dev.ridgeline.benchmarks.accuracy;

import java.util.List;

/**
 * Verification (1:1) error rates from genuine and impostor similarity scores.
 *
 * <p>Scores are similarities: a comparison is a match when {@code score >= threshold}, so ties at
 * the threshold are matches. {@code FMR(t)} is the fraction of impostor scores {@code >= t};
 * {@code FNMR(t)} the fraction of genuine scores {@code < t}. Where a rate is chosen over
 * thresholds, the candidates are the distinct observed scores (of both sets) plus +infinity; any
 * threshold between two neighbouring candidates gives the same rates as the upper one, so these
 * cover every outcome exactly.
 *
 * <p>Empty sets are allowed: every figure that needs the empty side (FNMR for genuine, FMR for
 * impostor; EER, FNMR at FMR and TAR at FAR need both) is NaN, and {@link #det()} is empty.
 *
 * <p>Building sorts copies, O(n log n); EER is computed once then; the other figures are binary
 * searches, except {@link #det()}, which walks all candidates (O(n + m)). Immutable and thread-safe.
 */
public final class ErrorRates {

    /** One DET point: the rates at one candidate threshold. */
    public record DetPoint(double threshold, double fmr, double fnmr) {
    }

    private final SortedScores genuine;
    private final SortedScores impostor;
    private final double eer;

    private ErrorRates(SortedScores genuine, SortedScores impostor) {
        this.genuine = genuine;
        this.impostor = impostor;
        this.eer = EqualErrorRate.of(genuine, impostor);
    }

    /**
     * Copies and sorts both sets; the caller's arrays are left alone.
     *
     * @throws IllegalArgumentException if a score is NaN or infinite (matchers give finite scores;
     *         a NaN would silently vanish from every count)
     */
    public static ErrorRates of(double[] genuine, double[] impostor) {
        requireFinite(genuine, "genuine");
        requireFinite(impostor, "impostor");
        return new ErrorRates(SortedScores.of(genuine), SortedScores.of(impostor));
    }

    public int genuineCount() {
        return genuine.size();
    }

    public int impostorCount() {
        return impostor.size();
    }

    /** Fraction of impostor scores {@code >= threshold}; NaN without impostors (or for a NaN threshold). */
    public double fmrAt(double threshold) {
        if (impostor.isEmpty() || Double.isNaN(threshold)) {
            return Double.NaN;
        }
        return (double) impostor.countAtLeast(threshold) / impostor.size();
    }

    /** Fraction of genuine scores {@code < threshold}; NaN without genuine scores (or for a NaN threshold). */
    public double fnmrAt(double threshold) {
        if (genuine.isEmpty() || Double.isNaN(threshold)) {
            return Double.NaN;
        }
        return (double) genuine.countBelow(threshold) / genuine.size();
    }

    /**
     * Equal error rate as in the FVC protocol (Maio et al., FVC2000): with t1 the highest
     * candidate threshold where {@code FNMR(t1) <= FMR(t1)} and t2 the lowest where
     * {@code FNMR(t2) >= FMR(t2)}, EER is {@code (FMR(t1) + FNMR(t1)) / 2} if that sum is
     * {@code <= FMR(t2) + FNMR(t2)}, else {@code (FMR(t2) + FNMR(t2)) / 2}. Where the curves cross
     * at a threshold this is the common value. NaN if either set is empty.
     */
    public double eer() {
        return eer;
    }

    /**
     * The lowest candidate threshold whose FMR is {@code <= maxFmr} (FMR exactly equal to the target
     * qualifies): the calibration primitive. It is always an observed score (genuine or impostor)
     * or +infinity, which is what {@code maxFmr = 0} gives when no genuine score lies above every
     * impostor score. Needs only impostors; NaN without them.
     *
     * @throws IllegalArgumentException if {@code maxFmr} is negative or NaN
     */
    public double thresholdAtFmr(double maxFmr) {
        ThresholdSearch.requireRate(maxFmr, "maxFmr");
        if (impostor.isEmpty()) {
            return Double.NaN;
        }
        return ThresholdSearch.lowestThreshold(impostor, genuine, maxFmr);
    }

    /**
     * The lowest FNMR over thresholds with {@code FMR <= maxFmr}: FNMR at
     * {@link #thresholdAtFmr(double)}, since FNMR only grows with the threshold. NaN if either set is empty.
     *
     * @throws IllegalArgumentException if {@code maxFmr} is negative or NaN
     */
    public double fnmrAtFmr(double maxFmr) {
        return fnmrAt(thresholdAtFmr(maxFmr));
    }

    /** FNMR at FMR <= 1% (FVC's FMR100). */
    public double fmr100() {
        return fnmrAtFmr(1e-2);
    }

    /** FNMR at FMR <= 0.1% (FVC's FMR1000). */
    public double fmr1000() {
        return fnmrAtFmr(1e-3);
    }

    /** The lowest FNMR with no impostor accepted (FVC's ZeroFMR). */
    public double zeroFmr() {
        return fnmrAtFmr(0);
    }

    /** True accept rate at false accept rate {@code <= far}: {@code 1 - fnmrAtFmr(far)}. */
    public double tarAtFar(double far) {
        return 1 - fnmrAtFmr(far);
    }

    /**
     * The DET curve in ascending threshold order: one point per candidate threshold, from
     * (FMR 1, FNMR 0) at the lowest score to (0, 1) at +infinity. Above 2,000 candidates it is
     * thinned to about 2,000 points spread evenly along the curve in log-log space (the first and
     * last are always kept). Empty if either set is empty.
     */
    public List<DetPoint> det() {
        return DetCurve.of(genuine, impostor);
    }

    private static void requireFinite(double[] scores, String name) {
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(name + " score " + i + " is " + scores[i] + "; scores must be finite");
            }
        }
    }
}
