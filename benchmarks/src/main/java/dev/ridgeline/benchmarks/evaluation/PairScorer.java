package dev.ridgeline.benchmarks.evaluation;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Scores lists of comparisons grouped by probe, so a comparison is set up once per probe
 * (see {@link Scoring}); probes run in parallel.
 */
final class PairScorer {

    private PairScorer() {
    }

    /**
     * @param candidates for each probe index into {@code templates}, the candidate indices (may be empty)
     * @return all scores, probe by probe, in candidate order
     */
    static <T> double[] score(List<T> templates, int[][] candidates, Scoring<T> scoring, String task) {
        long[] offsets = new long[candidates.length + 1];
        for (int p = 0; p < candidates.length; p++) {
            offsets[p + 1] = offsets[p] + candidates[p].length;
        }
        if (offsets[candidates.length] > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(offsets[candidates.length] + " comparisons do not fit one score array");
        }
        double[] scores = new double[(int) offsets[candidates.length]];
        try (ProgressBar progress = Progress.bar(task, scores.length)) {
            IntStream.range(0, candidates.length).parallel().filter(p -> candidates[p].length > 0).forEach(p -> {
                ToDoubleFunction<T> matcher = scoring.probe(templates.get(p));
                int at = (int) offsets[p];
                for (int candidate : candidates[p]) {
                    scores[at++] = matcher.applyAsDouble(templates.get(candidate));
                }
                progress.stepBy(candidates[p].length);
            });
        }
        return scores;
    }
}
