package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceCode;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * How well the first stage of the two-stage face search keeps mates, on real faces. For every
 * closed-set probe whose mate an exhaustive search ranks first: the share of impostor faces at
 * least as close by {@link FaceCode} as the mate, taken over every cross-person (probe, enrolled)
 * pair, which resolves shares far below one over the gallery size. In a gallery of n faces from
 * the same population a mate sits at about share × n by code, so the fixed-length shortlist
 * keeps it when that is within the shortlist.
 */
final class ShortlistRecall {

    /** The gallery size the shares are read at: the million faces. */
    static final double GALLERY = 1e6;

    /**
     * @param shares            code-rank shares of the mates an exhaustive search ranks first, ascending
     * @param strongShares      the same for those of them scoring at least {@code strongThreshold}
     * @param strongThreshold   the impostor pairs' score at FMR 1e-4
     */
    record Outcome(double[] shares, double[] strongShares, double strongThreshold) {

        /** Mates ranked first whose estimated code rank in a gallery of {@link #GALLERY} is within {@code length}. */
        static int kept(double[] shares, int length) {
            int kept = 0;
            while (kept < shares.length && shares[kept] * GALLERY <= length) {
                kept++;
            }
            return kept;
        }

        static double worst(double[] shares) {
            return shares.length == 0 ? 0 : shares[shares.length - 1];
        }
    }

    private ShortlistRecall() {
    }

    static Outcome run(TemplateSet<FaceVectors> set) {
        ClosedSetSplit<FaceVectors> split = ClosedSetSplit.of(set);
        List<FaceVectors> gallery = split.gallery();
        long[][] galleryCodes = gallery.stream().map(face -> FaceCode.of(face.stored().values())).toArray(long[][]::new);
        int probes = split.probes().size();
        int[] mateDistances = new int[probes];
        double[] mateScores = new double[probes];
        boolean[] rankOne = new boolean[probes];
        long[][] impostorDistances = new long[probes][FaceCode.BITS + 1];
        float[][] impostorScores = new float[probes][];
        IntStream.range(0, probes).parallel().forEach(p -> {
            FaceVectors probe = split.probes().get(p);
            int mate = split.mates().get(p);
            long[] code = FaceCode.of(probe.embedding());
            ToDoubleFunction<FaceVectors> exact = FaceScoring.SERVICE.probe(probe);
            mateDistances[p] = FaceCode.distance(code, galleryCodes[mate], 0);
            mateScores[p] = exact.applyAsDouble(gallery.get(mate));
            impostorScores[p] = new float[gallery.size() - 1];
            int impostor = 0;
            boolean first = true;
            for (int g = 0; g < gallery.size(); g++) {
                if (g != mate) {
                    impostorDistances[p][FaceCode.distance(code, galleryCodes[g], 0)]++;
                    double score = exact.applyAsDouble(gallery.get(g));
                    impostorScores[p][impostor++] = (float) score;
                    first &= score < mateScores[p];
                }
            }
            rankOne[p] = first;
        });
        // Impostor pairs at each code distance or closer, over every probe.
        long[] within = new long[FaceCode.BITS + 1];
        for (long[] histogram : impostorDistances) {
            for (int d = 0; d <= FaceCode.BITS; d++) {
                within[d] += histogram[d];
            }
        }
        for (int d = 1; d <= FaceCode.BITS; d++) {
            within[d] += within[d - 1];
        }
        double pairs = within[FaceCode.BITS];
        float[] allImpostorScores = new float[(int) pairs];
        int next = 0;
        for (float[] scores : impostorScores) {
            System.arraycopy(scores, 0, allImpostorScores, next, scores.length);
            next += scores.length;
        }
        Arrays.sort(allImpostorScores);
        double strongThreshold = allImpostorScores[(int) Math.min(pairs - 1, Math.ceil(pairs * (1 - 1e-4)))];
        double[] shares = IntStream.range(0, probes).filter(p -> rankOne[p])
                .mapToDouble(p -> within[mateDistances[p]] / pairs).sorted().toArray();
        double[] strongShares = IntStream.range(0, probes).filter(p -> rankOne[p] && mateScores[p] >= strongThreshold)
                .mapToDouble(p -> within[mateDistances[p]] / pairs).sorted().toArray();
        return new Outcome(shares, strongShares, strongThreshold);
    }
}
