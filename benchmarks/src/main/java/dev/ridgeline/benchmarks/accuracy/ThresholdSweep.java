package dev.ridgeline.benchmarks.accuracy;

/**
 * Walks every candidate threshold in ascending order (each distinct observed score, then
 * +infinity) with the genuine and impostor counts at it, in one O(n + m) merge of the sorted sets.
 * Used where the whole curve matters (EER, DET) rather than one point.
 */
final class ThresholdSweep {

    /** Receives one candidate; returns false to stop the walk early. */
    interface Visitor {
        boolean visit(double threshold, int genuineBelow, int impostorsAtLeast);
    }

    private ThresholdSweep() {
    }

    static void walk(SortedScores genuine, SortedScores impostor, Visitor visitor) {
        int n = genuine.size();
        int m = impostor.size();
        int g = 0;
        int i = 0;
        while (g < n || i < m) {
            double threshold = Math.min(g < n ? genuine.get(g) : Double.POSITIVE_INFINITY,
                    i < m ? impostor.get(i) : Double.POSITIVE_INFINITY);
            if (!visitor.visit(threshold, g, m - i)) {
                return;
            }
            while (g < n && genuine.get(g) == threshold) {
                g++;
            }
            while (i < m && impostor.get(i) == threshold) {
                i++;
            }
        }
        visitor.visit(Double.POSITIVE_INFINITY, n, 0);
    }

    /** Number of candidates the walk visits (distinct scores plus +infinity). */
    static int candidateCount(SortedScores genuine, SortedScores impostor) {
        int[] count = {0};
        walk(genuine, impostor, (threshold, genuineBelow, impostorsAtLeast) -> {
            count[0]++;
            return true;
        });
        return count[0];
    }
}
