package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceCode;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * How well the first stage of the two-stage face search keeps mates, on real faces: for every
 * closed-set probe, the mate's position when the gallery is ranked by {@link FaceCode} distance
 * (ties counted against the mate), as a share of the gallery. A mate whose share is within the
 * shortlist share reaches the exact stage. The share does not depend on gallery size, so a share
 * measured on a small real gallery carries over to a large one drawn from the same population.
 */
final class ShortlistRecall {

    /**
     * @param rankOneShares code-rank shares of the mates an exhaustive search ranks first, ascending
     * @param allShares     code-rank shares of every probe's mate, ascending
     */
    record Outcome(double[] rankOneShares, double[] allShares) {

        /** Mates ranked first exhaustively that a shortlist of {@code share} keeps. */
        int keptRankOne(double share) {
            return kept(rankOneShares, share);
        }

        int keptAll(double share) {
            return kept(allShares, share);
        }

        double worstRankOneShare() {
            return rankOneShares.length == 0 ? 0 : rankOneShares[rankOneShares.length - 1];
        }

        private static int kept(double[] shares, double share) {
            int kept = 0;
            while (kept < shares.length && shares[kept] <= share) {
                kept++;
            }
            return kept;
        }
    }

    private ShortlistRecall() {
    }

    static Outcome run(TemplateSet<FaceVectors> set) {
        ClosedSetSplit<FaceVectors> split = ClosedSetSplit.of(set);
        List<FaceVectors> gallery = split.gallery();
        long[][] galleryCodes = gallery.stream().map(face -> FaceCode.of(face.stored().values())).toArray(long[][]::new);
        double[] shares = new double[split.probes().size()];
        boolean[] rankOne = new boolean[shares.length];
        IntStream.range(0, shares.length).parallel().forEach(p -> {
            FaceVectors probe = split.probes().get(p);
            int mate = split.mates().get(p);
            long[] code = FaceCode.of(probe.embedding());
            ToDoubleFunction<FaceVectors> exact = FaceScoring.SERVICE.probe(probe);
            int mateDistance = FaceCode.distance(code, galleryCodes[mate], 0);
            double mateScore = exact.applyAsDouble(gallery.get(mate));
            int ahead = 0;
            boolean first = true;
            for (int g = 0; g < gallery.size(); g++) {
                if (g != mate) {
                    ahead += FaceCode.distance(code, galleryCodes[g], 0) <= mateDistance ? 1 : 0;
                    first &= exact.applyAsDouble(gallery.get(g)) < mateScore;
                }
            }
            shares[p] = (ahead + 1.0) / gallery.size();
            rankOne[p] = first;
        });
        double[] rankOneShares = IntStream.range(0, shares.length).filter(p -> rankOne[p])
                .mapToDouble(p -> shares[p]).sorted().toArray();
        return new Outcome(rankOneShares, Arrays.stream(shares).sorted().toArray());
    }
}
