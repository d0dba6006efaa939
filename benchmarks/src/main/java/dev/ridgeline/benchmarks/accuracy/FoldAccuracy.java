package dev.ridgeline.benchmarks.accuracy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Verification accuracy under n-fold cross-validation, as the LFW protocol reports it: for each
 * fold the threshold is the one that maximises accuracy on the other folds, and accuracy is then
 * measured on the fold itself. A pair is accepted when {@code score >= threshold}.
 *
 * <p>A NaN score marks a pair that could not be scored (e.g. no face found): it is a wrong
 * decision whatever the threshold, so it lowers the held-out fold's accuracy and has no say in
 * choosing thresholds.
 *
 * <p>Candidate thresholds are the midpoints between neighbouring distinct training scores, plus
 * -infinity and +infinity; where several give the best training accuracy the lowest wins.
 * Immutable.
 */
public final class FoldAccuracy {

    /** One held-out fold: the threshold chosen on the other folds and the accuracy it gave here. */
    public record Fold(double threshold, int pairs, int correct) {

        public double accuracy() {
            return (double) correct / pairs;
        }
    }

    private final List<Fold> folds;

    private FoldAccuracy(List<Fold> folds) {
        this.folds = List.copyOf(folds);
    }

    /**
     * @param scores one per pair, NaN where the pair could not be scored
     * @param matched whether each pair is of one identity
     * @param foldOf each pair's fold, 0 to folds-1; every fold must hold a pair, and there must be two folds
     */
    public static FoldAccuracy of(double[] scores, boolean[] matched, int[] foldOf) {
        if (scores.length != matched.length || scores.length != foldOf.length) {
            throw new IllegalArgumentException("scores, matched and folds must have one entry per pair");
        }
        int foldCount = Arrays.stream(foldOf).max().orElse(-1) + 1;
        if (foldCount < 2) {
            throw new IllegalArgumentException("cross-validation needs at least two folds, not " + foldCount);
        }
        List<Fold> folds = new ArrayList<>();
        for (int fold = 0; fold < foldCount; fold++) {
            int heldOut = fold;
            int[] training = IntStream.range(0, scores.length).filter(i -> foldOf[i] != heldOut).toArray();
            int[] testing = IntStream.range(0, scores.length).filter(i -> foldOf[i] == heldOut).toArray();
            if (testing.length == 0) {
                throw new IllegalArgumentException("fold " + (fold + 1) + " holds no pairs");
            }
            double threshold = bestThreshold(scores, matched, training);
            folds.add(new Fold(threshold, testing.length, correct(scores, matched, testing, threshold)));
        }
        return new FoldAccuracy(folds);
    }

    /** The candidate threshold with the most correct decisions among {@code pairs} (lowest on ties). */
    static double bestThreshold(double[] scores, boolean[] matched, int[] pairs) {
        Integer[] scored = Arrays.stream(pairs).filter(i -> !Double.isNaN(scores[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> scores[i])).toArray(Integer[]::new);
        // At -infinity every pair is accepted: the matched ones are right.
        int correct = (int) Arrays.stream(scored).filter(i -> matched[i]).count();
        int bestCorrect = correct;
        double best = Double.NEGATIVE_INFINITY;
        int next = 0;
        while (next < scored.length) {
            double score = scores[scored[next]];
            // Raising the threshold past this score rejects every pair that has it.
            while (next < scored.length && scores[scored[next]] == score) {
                correct += matched[scored[next]] ? -1 : 1;
                next++;
            }
            if (correct > bestCorrect) {
                bestCorrect = correct;
                best = next < scored.length ? (score + scores[scored[next]]) / 2 : Double.POSITIVE_INFINITY;
            }
        }
        return best;
    }

    private static int correct(double[] scores, boolean[] matched, int[] pairs, double threshold) {
        int correct = 0;
        for (int i : pairs) {
            if (!Double.isNaN(scores[i]) && (scores[i] >= threshold) == matched[i]) {
                correct++;
            }
        }
        return correct;
    }

    public List<Fold> folds() {
        return folds;
    }

    /** Mean of the folds' accuracies. */
    public double mean() {
        return folds.stream().mapToDouble(Fold::accuracy).average().orElseThrow();
    }

    /** Standard deviation of the folds' accuracies, with divisor n (the folds are the whole population). */
    public double standardDeviation() {
        double mean = mean();
        double squares = folds.stream().mapToDouble(f -> (f.accuracy() - mean) * (f.accuracy() - mean)).sum();
        return Math.sqrt(squares / folds.size());
    }
}
