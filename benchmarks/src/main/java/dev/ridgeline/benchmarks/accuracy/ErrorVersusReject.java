package dev.ridgeline.benchmarks.accuracy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The error-versus-reject curve of a quality measure (the error-versus-discard characteristic of
 * ISO/IEC 29794-1): FNMR at one fixed threshold as the genuine comparisons of lowest quality are
 * set aside. The threshold stays where it was chosen on all comparisons, so the curve shows only
 * what the quality measure knows: it falls when low quality marks the comparisons that fail.
 *
 * <p>Qualities tie (they are small integers), so a share can cut through a group of equal
 * quality. Which members of that group go is then arbitrary, and the curve takes the expectation
 * over every choice: the group's errors count in proportion to the part of it that is kept.
 */
public final class ErrorVersusReject {

    /** FNMR among the comparisons kept when {@code rejected} of them (a share) were set aside. */
    public record Point(double rejected, double fnmr) {
    }

    private ErrorVersusReject() {
    }

    /**
     * @param genuine   genuine scores (a failure to template scores below every threshold)
     * @param quality   each comparison's quality, same order (the lower of its two samples')
     * @param threshold a comparison scoring below it is a false non-match
     * @param shares    shares to set aside, each in [0, 1)
     */
    public static List<Point> curve(double[] genuine, double[] quality, double threshold, double... shares) {
        if (genuine.length != quality.length || genuine.length == 0) {
            throw new IllegalArgumentException("need one quality per genuine score, and at least one score");
        }
        Integer[] order = IntStream.range(0, genuine.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> quality[i]));
        int n = genuine.length;
        List<Point> points = new ArrayList<>();
        for (double share : shares) {
            if (!(share >= 0 && share < 1)) {
                throw new IllegalArgumentException("a share to set aside must be in [0, 1), not " + share);
            }
            int rejected = (int) Math.round(share * n);
            points.add(new Point(share, expectedErrorsKept(genuine, quality, order, threshold, rejected) / (n - rejected)));
        }
        return points;
    }

    /** False non-matches among the kept comparisons, the group cut at the boundary counted in proportion. */
    private static double expectedErrorsKept(double[] genuine, double[] quality, Integer[] order, double threshold,
                                             int rejected) {
        if (rejected == 0) {
            return IntStream.range(0, genuine.length).filter(i -> genuine[i] < threshold).count();
        }
        double boundary = quality[order[rejected - 1]];
        int groupSize = 0;
        int groupRejected = 0;
        int groupErrors = 0;
        double errorsAbove = 0;
        for (int rank = 0; rank < order.length; rank++) {
            int i = order[rank];
            boolean error = genuine[i] < threshold;
            if (quality[i] == boundary) {
                groupSize++;
                groupErrors += error ? 1 : 0;
                groupRejected += rank < rejected ? 1 : 0;
            } else if (quality[i] > boundary && error) {
                errorsAbove++;
            }
        }
        return errorsAbove + groupErrors * (double) (groupSize - groupRejected) / groupSize;
    }
}
