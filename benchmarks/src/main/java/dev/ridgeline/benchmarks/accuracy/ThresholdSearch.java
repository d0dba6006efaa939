package dev.ridgeline.benchmarks.accuracy;

/**
 * Finds the lowest candidate threshold at which the accepted fraction of one score set (impostors
 * for FMR, non-mated searches for FPIR) is at most a target rate. Candidates are the distinct
 * observed scores of both sets above -infinity, plus +infinity; searching the rejected-side set
 * too matters because its scores are where the other rate changes.
 */
final class ThresholdSearch {

    private ThresholdSearch() {
    }

    /**
     * @param accepted the set whose fraction {@code >= t} must stay at most {@code maxRate}; not empty
     * @param other the other set, whose scores are candidates too
     */
    static double lowestThreshold(SortedScores accepted, SortedScores other, double maxRate) {
        int size = accepted.size();
        int allowed = maxAllowedCount(size, maxRate);
        // At most `allowed` scores may be >= t, so t must lie above the (allowed+1)-th highest score.
        double mustExceed = allowed >= size ? Double.NEGATIVE_INFINITY : accepted.get(size - allowed - 1);
        return Math.min(accepted.lowestAbove(mustExceed), other.lowestAbove(mustExceed));
    }

    /**
     * The largest count k in [0, size] with {@code k / (double) size <= maxRate}, using the same
     * division that reports the rate, so a threshold found here never reports a rate above the target.
     */
    static int maxAllowedCount(int size, double maxRate) {
        int k = (int) Math.min(size, Math.floor(maxRate * size));
        while (k < size && (k + 1) / (double) size <= maxRate) {
            k++;
        }
        while (k > 0 && k / (double) size > maxRate) {
            k--;
        }
        return k;
    }

    static void requireRate(double rate, String name) {
        if (!(rate >= 0)) {
            throw new IllegalArgumentException(name + " must be a rate >= 0, not " + rate);
        }
    }
}
