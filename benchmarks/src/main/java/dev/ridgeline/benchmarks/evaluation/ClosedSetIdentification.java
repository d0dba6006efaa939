package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.IdentificationRates;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Closed-set 1:N: each identity's first template is enrolled, the rest probe the whole gallery.
 * The same searches with the mate left out give the non-mated top scores for FNIR at FPIR.
 */
final class ClosedSetIdentification {

    record Outcome(int enrolled, int probes, IdentificationRates rates) {
    }

    private ClosedSetIdentification() {
    }

    static <T> Outcome run(TemplateSet<T> set, Scoring<T> scoring) {
        ClosedSetSplit<T> split = ClosedSetSplit.of(set);
        List<T> gallery = split.gallery();
        List<T> probes = split.probes();
        List<Integer> mates = split.mates();
        double[] mateRankOne = new double[probes.size()];
        double[] nonMatedTop = new double[probes.size()];
        try (ProgressBar progress = Progress.bar("identifying", (long) probes.size() * gallery.size())) {
            IntStream.range(0, probes.size()).parallel().forEach(p -> {
                ToDoubleFunction<T> matcher = scoring.probe(probes.get(p));
                double mate = Double.NEGATIVE_INFINITY;
                double bestOther = Double.NEGATIVE_INFINITY;
                for (int g = 0; g < gallery.size(); g++) {
                    double score = matcher.applyAsDouble(gallery.get(g));
                    if (g == mates.get(p)) {
                        mate = score;
                    } else {
                        bestOther = Math.max(bestOther, score);
                    }
                }
                // A tie with another subject does not count as the mate ranked first.
                mateRankOne[p] = mate > bestOther ? mate : Double.NEGATIVE_INFINITY;
                nonMatedTop[p] = bestOther;
                progress.stepBy(gallery.size());
            });
        }
        return new Outcome(gallery.size(), probes.size(), IdentificationRates.of(mateRankOne, nonMatedTop));
    }
}
