package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.finger.PairVoting;
import dev.ridgeline.engine.gallery.SearchMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Where each mated probe's mate stands in the two-stage search's first stage, among the
 * background fingers, as the search ranks them ({@code FingerShortlist}): the share of the
 * background that scores at least as high as the mate by single cells, and the share that is in
 * the first pass's list ({@link SearchMode#FINGER_RESCORED} times the shortlist share, by cells)
 * and scores at least as high as the mate by blocks of cells ({@link PairVoting.Scorer}). A mate
 * stays on the shortlist when its share by cells is under the first pass's share and its share
 * by blocks under the shortlist share; the shares do not depend on the gallery's size, so a
 * smaller background shows them too.
 */
record FirstStagePositions(double[] byCells, double[] byBlocks) {

    /** A probe finger's pairs and its mate's reference pairs. */
    record Mate(PairVoting probe, int[] matePairs) {
    }

    static FirstStagePositions measure(List<Mate> mates, List<int[]> background) {
        double[][] shares = mates.parallelStream().map(mate -> shares(mate, background)).toArray(double[][]::new);
        return new FirstStagePositions(Arrays.stream(shares).mapToDouble(s -> s[0]).toArray(),
                Arrays.stream(shares).mapToDouble(s -> s[1]).toArray());
    }

    private static double[] shares(Mate mate, List<int[]> background) {
        PairVoting.Scorer scorer = mate.probe().scorer();
        int[] own = mate.matePairs();
        float cells = scorer.score(own, 0, own.length);
        float blocks = scorer.blockScore(own, 0, own.length);
        float[] byCells = new float[background.size()];
        for (int row = 0; row < byCells.length; row++) {
            int[] pairs = background.get(row);
            byCells[row] = scorer.score(pairs, 0, pairs.length);
        }
        // The first pass keeps this many rows in all; the mate takes one place if it is among them.
        int firstPass = (int) Math.ceil(byCells.length * SearchMode.FINGER_SHORTLIST_SHARE * SearchMode.FINGER_RESCORED);
        float[] sorted = byCells.clone();
        Arrays.sort(sorted);
        float lowestKept = firstPass - 1 <= 0 ? Float.POSITIVE_INFINITY : sorted[sorted.length - (firstPass - 1)];
        int aboveByCells = 0;
        int aboveByBlocks = 0;
        for (int row = 0; row < byCells.length; row++) {
            aboveByCells += byCells[row] >= cells ? 1 : 0;
            if (byCells[row] >= lowestKept) {
                int[] pairs = background.get(row);
                aboveByBlocks += scorer.blockScore(pairs, 0, pairs.length) >= blocks ? 1 : 0;
            }
        }
        return new double[] {(double) aboveByCells / byCells.length, (double) aboveByBlocks / byCells.length};
    }

    /** Mates the first stage keeps with one pass (by cells) and with both. */
    int keptByCells() {
        double share = SearchMode.FINGER_SHORTLIST_SHARE;
        return (int) Arrays.stream(byCells).filter(s -> s < share).count();
    }

    int keptByBothPasses() {
        return (int) IntStream.range(0, byCells.length).filter(this::keptByBothPasses).count();
    }

    boolean keptByBothPasses(int mate) {
        double share = SearchMode.FINGER_SHORTLIST_SHARE;
        return byCells[mate] < share * SearchMode.FINGER_RESCORED && byBlocks[mate] < share;
    }

    void rows(Figures figures) {
        figures.row("first stage: mates within the shortlist share, cells / cells then blocks",
                String.format(Locale.ROOT, "%d / %d of %d", keptByCells(), keptByBothPasses(), byCells.length));
        figures.row("first stage: background at or above the mate, p50 / p90 / max, by cells",
                percentiles(byCells));
        figures.row("first stage: first pass's list at or above the mate by blocks (share of the background),"
                + " p50 / p90 / max", percentiles(byBlocks));
    }

    void results(Figures figures) {
        figures.result("first_stage_kept_cells", keptByCells());
        figures.result("first_stage_kept_two_pass", keptByBothPasses());
    }

    private static String percentiles(double[] shares) {
        return String.format(Locale.ROOT, "%.3f%% / %.3f%% / %.3f%%", 100 * Percentile.of(shares, 50),
                100 * Percentile.of(shares, 90), 100 * Percentile.of(shares, 100));
    }
}
