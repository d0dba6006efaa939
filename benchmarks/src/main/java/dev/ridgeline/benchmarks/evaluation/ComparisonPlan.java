package dev.ridgeline.benchmarks.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Which pairs a protocol compares, over a dataset's templates laid out flat (identity by identity).
 * Each pair is compared once, probe before candidate in flat order.
 */
final class ComparisonPlan<T> {

    private final List<T> templates;
    /** Identity index of each flat template. */
    private final int[] identityOf;
    /** Flat index of each identity's first usable template, or -1. */
    private final int[] firstOf;

    ComparisonPlan(TemplateSet<T> set) {
        List<T> flat = new ArrayList<>();
        List<Integer> identities = new ArrayList<>();
        firstOf = new int[set.identities().size()];
        for (int i = 0; i < set.identities().size(); i++) {
            List<T> own = set.identities().get(i).templates();
            firstOf[i] = own.isEmpty() ? -1 : flat.size();
            for (T template : own) {
                flat.add(template);
                identities.add(i);
            }
        }
        templates = List.copyOf(flat);
        identityOf = identities.stream().mapToInt(Integer::intValue).toArray();
    }

    List<T> templates() {
        return templates;
    }

    long crossIdentityPairs() {
        long all = (long) templates.size() * (templates.size() - 1) / 2;
        return all - sameIdentityPairs();
    }

    private long sameIdentityPairs() {
        long pairs = 0;
        int run = 1;
        for (int t = 1; t <= identityOf.length; t++) {
            if (t < identityOf.length && identityOf[t] == identityOf[t - 1]) {
                run++;
            } else {
                pairs += (long) run * (run - 1) / 2;
                run = 1;
            }
        }
        return pairs;
    }

    /** Every pair of templates of one identity. */
    int[][] genuine() {
        return pairs(p -> true, (p, c) -> identityOf[p] == identityOf[c]);
    }

    /** Every pair of templates of different identities. */
    int[][] allImpostors() {
        return pairs(p -> true, (p, c) -> identityOf[p] != identityOf[c]);
    }

    /** FVC protocol: each identity's first template against the first of every other identity. */
    int[][] firstSampleImpostors() {
        return pairs(p -> firstOf[identityOf[p]] == p, (p, c) -> firstOf[identityOf[c]] == c);
    }

    /** {@code count} distinct-identity pairs drawn with a fixed seed (with replacement). */
    int[][] sampledImpostors(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] perProbe = new int[templates.size()];
        int[][] drawn = new int[count][];
        for (int i = 0; i < count; i++) {
            int p;
            int c;
            do {
                p = random.nextInt(templates.size());
                c = random.nextInt(templates.size());
            } while (identityOf[p] == identityOf[c]);
            drawn[i] = new int[] {Math.min(p, c), Math.max(p, c)};
            perProbe[drawn[i][0]]++;
        }
        int[][] candidates = new int[templates.size()][];
        for (int p = 0; p < templates.size(); p++) {
            candidates[p] = new int[perProbe[p]];
        }
        int[] filled = new int[templates.size()];
        for (int[] pair : drawn) {
            candidates[pair[0]][filled[pair[0]]++] = pair[1];
        }
        return candidates;
    }

    private interface PairTest {
        boolean test(int probe, int candidate);
    }

    private int[][] pairs(IntPredicate probeTest, PairTest pairTest) {
        int[][] candidates = new int[templates.size()][];
        int[] buffer = new int[templates.size()];
        for (int p = 0; p < templates.size(); p++) {
            int n = 0;
            if (probeTest.test(p)) {
                for (int c = p + 1; c < templates.size(); c++) {
                    if (pairTest.test(p, c)) {
                        buffer[n++] = c;
                    }
                }
            }
            candidates[p] = Arrays.copyOf(buffer, n);
        }
        return candidates;
    }
}
