package dev.ridgeline.benchmarks.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * The DET curve, one point per candidate threshold, thinned for plotting. Thinning keeps a point
 * once the curve has moved far enough from the last kept one in log-log space, so the low-FMR tail
 * (few impostors, the part a DET plot is read for) keeps its detail instead of being decimated
 * like the crowded middle.
 */
final class DetCurve {

    static final int MAX_POINTS = 2_000;

    private DetCurve() {
    }

    /** Empty when either set is empty (a DET curve needs both rates); otherwise at most MAX_POINTS + 2 points. */
    static List<ErrorRates.DetPoint> of(SortedScores genuine, SortedScores impostor) {
        int n = genuine.size();
        int m = impostor.size();
        List<ErrorRates.DetPoint> points = new ArrayList<>();
        if (n == 0 || m == 0) {
            return points;
        }
        boolean thin = ThresholdSweep.candidateCount(genuine, impostor) > MAX_POINTS;
        // Zero rates count as half the smallest non-zero one; the monotone curve then runs exactly
        // log10(2m) + log10(2n) decades (L1) from (1, 0) to (0, 1), which fixes the step in one pass.
        double fmrFloor = 0.5 / m;
        double fnmrFloor = 0.5 / n;
        double step = (Math.log10(2.0 * m) + Math.log10(2.0 * n)) / MAX_POINTS;
        double[] last = {Double.NaN, Double.NaN};
        ThresholdSweep.walk(genuine, impostor, (threshold, genuineBelow, impostorsAtLeast) -> {
            double fmr = (double) impostorsAtLeast / m;
            double fnmr = (double) genuineBelow / n;
            double x = Math.log10(Math.max(fmr, fmrFloor));
            double y = Math.log10(Math.max(fnmr, fnmrFloor));
            boolean first = Double.isNaN(last[0]);
            boolean end = threshold == Double.POSITIVE_INFINITY;
            if (!thin || first || end || Math.abs(x - last[0]) + Math.abs(y - last[1]) >= step) {
                points.add(new ErrorRates.DetPoint(threshold, fmr, fnmr));
                last[0] = x;
                last[1] = y;
            }
            return true;
        });
        return points;
    }
}
