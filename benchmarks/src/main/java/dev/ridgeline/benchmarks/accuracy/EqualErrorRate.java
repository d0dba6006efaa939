package dev.ridgeline.benchmarks.accuracy;

/**
 * The FVC equal error rate (Maio et al., FVC2000). FNMR - FMR never decreases as the threshold
 * rises, so one ascending walk finds t1 (the highest threshold with FNMR <= FMR) and t2 (the
 * lowest with FNMR >= FMR) and can stop at the first threshold where FNMR > FMR.
 */
final class EqualErrorRate {

    private EqualErrorRate() {
    }

    /** NaN when either set is empty; otherwise t1 and t2 always exist (FMR is 1 at the lowest score, 0 at +infinity). */
    static double of(SortedScores genuine, SortedScores impostor) {
        long n = genuine.size();
        long m = impostor.size();
        if (n == 0 || m == 0) {
            return Double.NaN;
        }
        double[] below = {Double.NaN};  // FMR + FNMR at t1
        double[] above = {Double.NaN};  // FMR + FNMR at t2
        ThresholdSweep.walk(genuine, impostor, (threshold, genuineBelow, impostorsAtLeast) -> {
            // Compare FNMR = genuineBelow/n with FMR = impostorsAtLeast/m exactly, by cross-multiplying.
            long fnmrSide = genuineBelow * m;
            long fmrSide = impostorsAtLeast * n;
            double sum = (double) genuineBelow / n + (double) impostorsAtLeast / m;
            if (fnmrSide <= fmrSide) {
                below[0] = sum;
            }
            if (fnmrSide >= fmrSide && Double.isNaN(above[0])) {
                above[0] = sum;
            }
            return fnmrSide <= fmrSide;
        });
        return (below[0] <= above[0] ? below[0] : above[0]) / 2;
    }
}
