package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.IdentificationRates;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.SubjectScore;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Identification over one engine gallery searched both ways, probe by probe: the two-stage search
 * the service runs by default and the exhaustive search it is measured against. Each probe runs
 * both modes back to back (alternating which goes first), so both see the same machine load.
 */
final class SearchModeComparison {

    /** A probe whose mate is enrolled under {@code mateId}. */
    record MatedProbe(String mateId, Probe probe) {
    }

    /** Rates and per-search latencies of one mode. */
    record ModeOutcome(IdentificationRates rates, long[] nanos) {

        double percentileMillis(double percentile) {
            return Percentile.of(Arrays.stream(nanos).asDoubleStream().toArray(), percentile) / 1e6;
        }

        double totalSeconds() {
            return Arrays.stream(nanos).sum() / 1e9;
        }
    }

    /**
     * Both modes' figures, and how often they agreed on the rank-1 subject of a mated probe. Per
     * mated probe, in order: the mate's rank in each mode ({@code mateRanks[0]} two-stage,
     * {@code [1]} exhaustive; 0 when it is not among the first {@value #RANKS}) and its exact
     * score (NaN when neither mode ranked it).
     */
    record Outcome(ModeOutcome twoStage, ModeOutcome exhaustive, int sameRankOne, int matedProbes,
                   int[][] mateRanks, double[] mateScores) {

        /** Mated probes the exhaustive search ranked first and the two-stage search did not. */
        int lostByTwoStage() {
            return (int) IntStream.range(0, matedProbes).filter(i -> mateRanks[1][i] == 1 && mateRanks[0][i] != 1).count();
        }

        /** Exhaustive search time over two-stage search time, all probes. */
        double speedup() {
            return exhaustive.totalSeconds() / twoStage.totalSeconds();
        }
    }

    private static final int RANKS = 10;

    private SearchModeComparison() {
    }

    static Outcome run(Gallery gallery, List<MatedProbe> mated, List<Probe> nonMated, ExecutorService pool) {
        double[][] matedScores = new double[2][mated.size()];
        double[][] nonMatedScores = new double[2][nonMated.size()];
        long[][] nanos = new long[2][mated.size() + nonMated.size()];
        int[][] mateRanks = new int[2][mated.size()];
        double[] mateScores = new double[mated.size()];
        Arrays.fill(mateScores, Double.NaN);
        int sameRankOne = 0;
        try (ProgressBar bar = Progress.bar("searches, two-stage and exhaustive", mated.size() + nonMated.size())) {
            for (int i = 0; i < mated.size(); i++) {
                String[] rankOne = new String[2];
                for (int turn = 0; turn < 2; turn++) {
                    int mode = (i + turn) % 2;
                    long start = System.nanoTime();
                    List<SubjectScore> ranked = search(gallery, mated.get(i).probe(), mode, pool);
                    nanos[mode][i] = System.nanoTime() - start;
                    rankOne[mode] = ranked.isEmpty() ? null : ranked.getFirst().subjectId();
                    matedScores[mode][i] = Double.NEGATIVE_INFINITY;
                    for (int rank = 0; rank < ranked.size(); rank++) {
                        if (ranked.get(rank).subjectId().equals(mated.get(i).mateId())) {
                            mateRanks[mode][i] = rank + 1;
                            mateScores[i] = ranked.get(rank).score();
                            // Identification rates count a mate only where it ranks first.
                            matedScores[mode][i] = rank == 0 ? mateScores[i] : Double.NEGATIVE_INFINITY;
                        }
                    }
                }
                sameRankOne += rankOne[0] != null && rankOne[0].equals(rankOne[1]) ? 1 : 0;
                bar.step();
            }
            for (int i = 0; i < nonMated.size(); i++) {
                for (int turn = 0; turn < 2; turn++) {
                    int mode = (i + turn) % 2;
                    long start = System.nanoTime();
                    List<SubjectScore> ranked = search(gallery, nonMated.get(i), mode, pool);
                    nanos[mode][mated.size() + i] = System.nanoTime() - start;
                    nonMatedScores[mode][i] = ranked.isEmpty() ? Double.NEGATIVE_INFINITY : ranked.getFirst().score();
                }
                bar.step();
            }
        }
        return new Outcome(
                new ModeOutcome(IdentificationRates.of(matedScores[0], nonMatedScores[0]), nanos[0]),
                new ModeOutcome(IdentificationRates.of(matedScores[1], nonMatedScores[1]), nanos[1]),
                sameRankOne, mated.size(), mateRanks, mateScores);
    }

    /** Mode 0 is two-stage, mode 1 exhaustive. */
    private static List<SubjectScore> search(Gallery gallery, Probe probe, int mode, ExecutorService pool) {
        SearchMode searchMode = mode == 0 ? SearchMode.TWO_STAGE : SearchMode.EXHAUSTIVE;
        return gallery.identify(probe, AttributeFilter.NONE, RANKS, searchMode, pool, Cancellation.NEVER).ranked();
    }

    /** Both modes' figures, side by side. */
    static void rows(Outcome outcome, Figures figures) {
        ModeOutcome two = outcome.twoStage();
        ModeOutcome all = outcome.exhaustive();
        figures.row("rank-1, two-stage / exhaustive", Figures.percent(two.rates().rankOne()) + " / "
                + Figures.percent(all.rates().rankOne()));
        if (two.rates().nonMatedCount() > 0) {
            figures.row("FNIR at FPIR 1%, two-stage / exhaustive", Figures.percent(two.rates().fnirAtFpir(1e-2))
                    + " / " + Figures.percent(all.rates().fnirAtFpir(1e-2)));
        }
        figures.row("same rank-1 subject in both modes", outcome.sameRankOne() + " of " + outcome.matedProbes()
                + " mated probes");
        figures.row("mates exhaustive ranks first and two-stage does not", Integer.toString(outcome.lostByTwoStage()));
        figures.row("search p50 / p99, two-stage", String.format("%.1f / %.1f ms", two.percentileMillis(50),
                two.percentileMillis(99)));
        figures.row("search p50 / p99, exhaustive", String.format("%.1f / %.1f ms", all.percentileMillis(50),
                all.percentileMillis(99)));
        figures.row("throughput, two-stage over exhaustive", String.format("%.1fx", outcome.speedup()));
    }

    /** Both modes' RESULT keys. */
    static void results(Outcome outcome, Figures figures) {
        ModeOutcome two = outcome.twoStage();
        ModeOutcome all = outcome.exhaustive();
        figures.result("same_rank1", outcome.sameRankOne());
        figures.result("rank1_two_stage", Figures.fraction(two.rates().rankOne()));
        figures.result("rank1_exhaustive", Figures.fraction(all.rates().rankOne()));
        if (two.rates().nonMatedCount() > 0) {
            figures.result("fnir_fpir1_two_stage", Figures.fraction(two.rates().fnirAtFpir(1e-2)));
            figures.result("fnir_fpir1_exhaustive", Figures.fraction(all.rates().fnirAtFpir(1e-2)));
        }
        figures.result("p50_ms_two_stage", String.format("%.1f", two.percentileMillis(50)));
        figures.result("p50_ms_exhaustive", String.format("%.1f", all.percentileMillis(50)));
        figures.result("speedup", String.format("%.1f", outcome.speedup()));
        figures.result("rank1_lost_two_stage", outcome.lostByTwoStage());
    }
}
