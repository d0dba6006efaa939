package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Scores lists of comparisons grouped by probe, so SourceAFIS's matcher (the expensive part of a
 * comparison to set up) is built once per probe; probes run in parallel.
 */
final class PairScorer {

    private PairScorer() {
    }

    /**
     * @param candidates for each probe index into {@code templates}, the candidate indices (may be empty)
     * @return all scores, probe by probe, in candidate order
     */
    static double[] score(FingerprintTemplate[] templates, int[][] candidates, String task) {
        int[] offsets = new int[candidates.length + 1];
        for (int p = 0; p < candidates.length; p++) {
            offsets[p + 1] = offsets[p] + candidates[p].length;
        }
        double[] scores = new double[offsets[candidates.length]];
        try (ProgressBar progress = Progress.bar(task, scores.length)) {
            IntStream.range(0, candidates.length).parallel().filter(p -> candidates[p].length > 0).forEach(p -> {
                FingerprintMatcher matcher = new FingerprintMatcher(templates[p]);
                int at = offsets[p];
                for (int candidate : candidates[p]) {
                    scores[at++] = matcher.match(templates[candidate]);
                }
                progress.stepBy(candidates[p].length);
            });
        }
        return scores;
    }
}
