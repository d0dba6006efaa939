package dev.ridgeline.engine.mcc;

import java.util.Arrays;

/**
 * Compares two {@link CylinderCode}s: the local similarity of every pair of cylinders (the bit
 * form's normalised Hamming similarity over the cells valid in both), then a global score in
 * [0, 1] by Local Similarity Sort, optionally followed by relaxation (LSSR), after Cappelli,
 * Ferrara and Maltoni (IEEE TPAMI 2010).
 *
 * <p>Parameters are the paper's: cylinders whose minutiae differ in direction by more than
 * δθ = π/2 do not match, nor do two that share fewer than minME = 0.6 of the disk's cells
 * (read here as a share of the cells inside the disk, over all sections); LSS averages the nP
 * best local similarities, nP = minNP + round(Z(min(nA, nB); μP = 20, τP = 2/5) · (maxNP - minNP))
 * with minNP = 4 and maxNP = 12; relaxation runs nrel = 5 iterations with wR = 0.5 over the
 * nR = min(nA, nB) best one-to-one pairs, pair compatibility being the product of sigmoids of
 * the differences in distance (μ = 5, τ = -8/5), in relative direction (μ = π/12, τ = -30) and in
 * radial angle (μ = π/12, τ = -30); the nP pairs whose similarity relaxation kept best are averaged.
 * Thread-safe: each call allocates its own scratch.
 */
public final class CylinderMatcher {

    /** Names the scores this matcher's standard form gives, for calibration tables and templates. */
    public static final String ALGORITHM = "mcc16b-lssr";

    /** How the local similarities become one score. */
    public enum Consolidation { LSS, LSSR }

    static final double MAX_DIRECTION_DIFFERENCE = Math.PI / 2;
    static final double MIN_MATCHING_CELLS = 0.6;
    static final int MIN_PAIRS = 4;
    static final int MAX_PAIRS = 12;
    static final double MU_P = 20;
    static final double TAU_P = 2.0 / 5;
    static final int RELAXATION_ITERATIONS = 5;
    static final double RELAXATION_WEIGHT = 0.5;
    private static final double MU_DISTANCE = 5;
    private static final double TAU_DISTANCE = -8.0 / 5;
    private static final double MU_ANGLE = Math.PI / 12;
    private static final double TAU_ANGLE = -30;
    /** Beyond these differences a compatibility factor is below 1e-7: treated as 0 (saves the exponentials). */
    private static final double DISTANCE_CUTOFF = 15;
    private static final double ANGLE_CUTOFF = 0.8;

    private static final int MIN_COMMON_CELLS =
            (int) Math.ceil(MIN_MATCHING_CELLS * CylinderEncoder.diskCells() * CylinderEncoder.ND);

    private final Consolidation consolidation;

    public CylinderMatcher(Consolidation consolidation) {
        this.consolidation = consolidation;
    }

    /** The paper's best-performing consolidation of the two implemented here. */
    public static CylinderMatcher standard() {
        return new CylinderMatcher(Consolidation.LSSR);
    }

    public double score(CylinderCode a, CylinderCode b) {
        int na = a.count();
        int nb = b.count();
        if (na == 0 || nb == 0) {
            return 0;
        }
        float[] similarity = localSimilarities(a, b);
        int pairs = pairCount(Math.min(na, nb));
        return consolidation == Consolidation.LSS ? sortedMean(similarity, pairs) : relaxed(a, b, similarity, pairs);
    }

    /** nP: how many pairs the global score averages, more for fingers with more cylinders. */
    static int pairCount(int cylinders) {
        return MIN_PAIRS + (int) Math.round(sigmoid(cylinders, MU_P, TAU_P) * (MAX_PAIRS - MIN_PAIRS));
    }

    private static double sigmoid(double v, double mu, double tau) {
        return 1 / (1 + Math.exp(-tau * (v - mu)));
    }

    /** Row r, column c: similarity of a's cylinder r and b's cylinder c. */
    static float[] localSimilarities(CylinderCode a, CylinderCode b) {
        int na = a.count();
        int nb = b.count();
        float[] similarity = new float[na * nb];
        for (int r = 0; r < na; r++) {
            int aPlane = r * CylinderCode.PLANE_WORDS;
            int aCells = r * CylinderCode.WORDS;
            for (int c = 0; c < nb; c++) {
                if (Math.abs(CylinderEncoder.angleDifference(a.direction[r], b.direction[c])) > MAX_DIRECTION_DIFFERENCE) {
                    continue;
                }
                int bPlane = c * CylinderCode.PLANE_WORDS;
                int common = 0;
                for (int w = 0; w < CylinderCode.PLANE_WORDS; w++) {
                    common += Long.bitCount(a.valid[aPlane + w] & b.valid[bPlane + w]);
                }
                if (common * CylinderEncoder.ND < MIN_COMMON_CELLS) {
                    continue;
                }
                int bCells = c * CylinderCode.WORDS;
                int onesA = 0;
                int onesB = 0;
                int differing = 0;
                for (int w = 0; w < CylinderCode.WORDS; w++) {
                    int plane = w % CylinderCode.PLANE_WORDS;
                    long cellsA = a.cells[aCells + w] & b.valid[bPlane + plane];
                    long cellsB = b.cells[bCells + w] & a.valid[aPlane + plane];
                    onesA += Long.bitCount(cellsA);
                    onesB += Long.bitCount(cellsB);
                    differing += Long.bitCount(cellsA ^ cellsB);
                }
                double norms = Math.sqrt(onesA) + Math.sqrt(onesB);
                if (norms > 0) {
                    similarity[r * nb + c] = (float) (1 - Math.sqrt(differing) / norms);
                }
            }
        }
        return similarity;
    }

    /** LSS: the mean of the {@code pairs} highest local similarities. */
    private static double sortedMean(float[] similarity, int pairs) {
        float[] sorted = similarity.clone();
        Arrays.sort(sorted);
        int take = Math.min(pairs, sorted.length);
        double sum = 0;
        for (int i = sorted.length - take; i < sorted.length; i++) {
            sum += sorted[i];
        }
        return sum / pairs;
    }

    /** LSSR: relaxation over the best one-to-one pairs, then the mean of the pairs it kept best. */
    private static double relaxed(CylinderCode a, CylinderCode b, float[] similarity, int pairs) {
        int na = a.count();
        int nb = b.count();
        int[] chosen = bestOneToOne(similarity, na, nb, Math.min(na, nb));
        int n = chosen.length;
        if (n == 0) {
            return 0;
        }
        int[] r = new int[n];
        int[] c = new int[n];
        double[] initial = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = chosen[t] / nb;
            c[t] = chosen[t] % nb;
            initial[t] = similarity[chosen[t]];
        }
        double[] compatibility = new double[n * n];
        for (int t = 0; t < n; t++) {
            for (int k = t + 1; k < n; k++) {
                double rho = compatibility(a, r[t], r[k], b, c[t], c[k]);
                compatibility[t * n + k] = rho;
                compatibility[k * n + t] = rho;
            }
        }
        double[] lambda = initial.clone();
        double[] next = new double[n];
        for (int iteration = 0; iteration < RELAXATION_ITERATIONS; iteration++) {
            for (int t = 0; t < n; t++) {
                double support = 0;
                for (int k = 0; k < n; k++) {
                    support += compatibility[t * n + k] * lambda[k];
                }
                next[t] = RELAXATION_WEIGHT * lambda[t]
                        + (1 - RELAXATION_WEIGHT) * (n > 1 ? support / (n - 1) : 0);
            }
            double[] swap = lambda;
            lambda = next;
            next = swap;
        }
        // Efficiency: how much of its initial similarity relaxation left a pair; the most efficient count.
        Integer[] order = new Integer[n];
        for (int t = 0; t < n; t++) {
            order[t] = t;
        }
        double[] relaxedSimilarity = lambda;
        Arrays.sort(order, (p, q) -> Double.compare(relaxedSimilarity[q] / initial[q], relaxedSimilarity[p] / initial[p]));
        double sum = 0;
        for (int i = 0; i < Math.min(pairs, n); i++) {
            sum += relaxedSimilarity[order[i]];
        }
        return sum / pairs;
    }

    /** Indices into the similarity matrix of up to {@code limit} pairs, best first, no cylinder used twice. */
    private static int[] bestOneToOne(float[] similarity, int na, int nb, int limit) {
        long[] keyed = new long[similarity.length];
        int positive = 0;
        for (int i = 0; i < similarity.length; i++) {
            if (similarity[i] > 0) {
                // Non-negative floats order like their bits: sort by similarity, keep the index.
                keyed[positive++] = ((long) Float.floatToIntBits(similarity[i]) << 32) | i;
            }
        }
        Arrays.sort(keyed, 0, positive);
        boolean[] usedA = new boolean[na];
        boolean[] usedB = new boolean[nb];
        int[] chosen = new int[limit];
        int count = 0;
        for (int i = positive - 1; i >= 0 && count < limit; i--) {
            int index = (int) keyed[i];
            int row = index / nb;
            int column = index % nb;
            if (!usedA[row] && !usedB[column]) {
                usedA[row] = true;
                usedB[column] = true;
                chosen[count++] = index;
            }
        }
        return Arrays.copyOf(chosen, count);
    }

    /** ρ: how well pair (a1, b1) agrees with pair (a2, b2) on distance, relative direction and radial angle. */
    private static double compatibility(CylinderCode a, int a1, int a2, CylinderCode b, int b1, int b2) {
        double distanceA = distance(a, a1, a2);
        double distanceB = distance(b, b1, b2);
        double d1 = Math.abs(distanceA - distanceB);
        if (d1 > DISTANCE_CUTOFF) {
            return 0;
        }
        double d2 = Math.abs(CylinderEncoder.angleDifference(
                CylinderEncoder.angleDifference(a.direction[a1], a.direction[a2]),
                CylinderEncoder.angleDifference(b.direction[b1], b.direction[b2])));
        if (d2 > ANGLE_CUTOFF) {
            return 0;
        }
        double d3 = Math.abs(CylinderEncoder.angleDifference(radialAngle(a, a1, a2), radialAngle(b, b1, b2)));
        if (d3 > ANGLE_CUTOFF) {
            return 0;
        }
        return sigmoid(d1, MU_DISTANCE, TAU_DISTANCE) * sigmoid(d2, MU_ANGLE, TAU_ANGLE) * sigmoid(d3, MU_ANGLE, TAU_ANGLE);
    }

    /** Plain square root: Math.hypot's care for overflow costs several times more, and pixels never overflow. */
    private static double distance(CylinderCode code, int from, int to) {
        double dx = code.x[to] - code.x[from];
        double dy = code.y[to] - code.y[from];
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** The angle between minutia {@code from}'s direction and the line from it to minutia {@code to}. */
    private static double radialAngle(CylinderCode code, int from, int to) {
        return CylinderEncoder.angleDifference(code.direction[from],
                Math.atan2(code.y[to] - code.y[from], code.x[to] - code.x[from]));
    }
}
