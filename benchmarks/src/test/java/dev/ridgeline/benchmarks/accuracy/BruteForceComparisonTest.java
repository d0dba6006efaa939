package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks the sorted/binary-search implementation against the definitions applied literally
 * (every candidate, every score counted by a loop) on many small random sets full of ties.
 */
class BruteForceComparisonTest {

    private static final double[] TARGETS = {0, 0.05, 0.1, 0.25, 1 / 3.0, 0.5, 0.9, 1};

    @Test
    void matchesTheLiteralDefinitions() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            double[] genuine = scores(random, random.nextInt(12), 4);
            double[] impostor = scores(random, random.nextInt(12), 0);
            ErrorRates rates = ErrorRates.of(genuine, impostor);
            List<Double> candidates = candidates(genuine, impostor);

            assertSameRate(rates.eer(), eer(candidates, genuine, impostor));
            for (double target : TARGETS) {
                double threshold = impostor.length == 0 ? Double.NaN : candidates.stream()
                        .filter(t -> fmr(t, impostor) <= target).findFirst().orElseThrow();
                assertSameRate(rates.thresholdAtFmr(target), threshold);
                double bestFnmr = genuine.length == 0 || impostor.length == 0 ? Double.NaN : candidates.stream()
                        .filter(t -> fmr(t, impostor) <= target).mapToDouble(t -> fnmr(t, genuine)).min().orElseThrow();
                assertSameRate(rates.fnmrAtFmr(target), bestFnmr);
            }
            if (genuine.length > 0 && impostor.length > 0) {
                assertThat(rates.det()).hasSize(candidates.size());
                for (ErrorRates.DetPoint point : rates.det()) {
                    assertThat(point.fmr()).isEqualTo(fmr(point.threshold(), impostor));
                    assertThat(point.fnmr()).isEqualTo(fnmr(point.threshold(), genuine));
                }
            }
        }
    }

    /** Exact equality, NaN included (AssertJ's isEqualTo on doubles treats NaN as unequal to itself). */
    private static void assertSameRate(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static double[] scores(Random random, int count, int offset) {
        double[] scores = new double[count];
        for (int i = 0; i < count; i++) {
            scores[i] = offset + random.nextInt(10);
        }
        return scores;
    }

    private static List<Double> candidates(double[] genuine, double[] impostor) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double s : genuine) {
            distinct.add(s);
        }
        for (double s : impostor) {
            distinct.add(s);
        }
        distinct.add(Double.POSITIVE_INFINITY);
        return List.copyOf(distinct);
    }

    private static double fmr(double t, double[] impostor) {
        int count = 0;
        for (double s : impostor) {
            count += s >= t ? 1 : 0;
        }
        return (double) count / impostor.length;
    }

    private static double fnmr(double t, double[] genuine) {
        int count = 0;
        for (double s : genuine) {
            count += s < t ? 1 : 0;
        }
        return (double) count / genuine.length;
    }

    private static double eer(List<Double> candidates, double[] genuine, double[] impostor) {
        if (genuine.length == 0 || impostor.length == 0) {
            return Double.NaN;
        }
        double t1 = candidates.stream().filter(t -> fnmr(t, genuine) <= fmr(t, impostor))
                .reduce((a, b) -> b).orElseThrow();
        double t2 = candidates.stream().filter(t -> fnmr(t, genuine) >= fmr(t, impostor))
                .findFirst().orElseThrow();
        double sum1 = fmr(t1, impostor) + fnmr(t1, genuine);
        double sum2 = fmr(t2, impostor) + fnmr(t2, genuine);
        return (sum1 <= sum2 ? sum1 : sum2) / 2;
    }
}
