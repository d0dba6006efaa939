package dev.ridgeline.engine.match;

import dev.ridgeline.engine.template.Modality;

/**
 * How scores become decisions, per modality and fused.
 *
 * <p>The probe's fingers are pieces of evidence ({@link Probe#fingerTests()}): one per named
 * position (two captures of a finger are one finger) and one for all fingers of unknown position
 * (they may be one finger twice). A probe of one such piece, or of a face alone, is ranked and
 * decided on that matcher's own score and calibrated threshold: a subject scores its best
 * comparison, or, when the probe met several of its templates (impressions of one finger, fingers
 * of unknown position, several photos), the score a single comparison would need to carry the
 * same evidence (the correction below, mapped back through the table).
 *
 * <p>Every other probe (fingers at several positions, or a face and fingers) is ranked and decided
 * on combined evidence. Each piece's best score over the subject's fingers it compared with, and
 * the best face score, is turned into the false-match probability its calibration table gives it
 * (as e = -log10 FMR, interpolated in the table). The best of n impostor comparisons reaches a
 * score n times as often as one does, so that probability p becomes 1 - (1 - p)^n (Šidák's
 * correction; a finger of unknown position against a 10-finger record would otherwise let 10 times
 * the target FMR through). The probabilities are then combined by Fisher's rule for independent
 * tests: with c the product of the k probabilities, the fused probability is
 * c · Σ_{j<k} (-ln c)^j / j!. The fused score is -log10 of that, and the match threshold at a
 * target FMR is simply -log10(target). A piece of evidence that compared with nothing of the
 * subject adds no test, so every candidate of a search stays on one scale.
 */
public final class ScoreFusion {

    private final ThresholdTable fingerprints;
    private final ThresholdTable faces;

    public ScoreFusion(ThresholdTable fingerprints, ThresholdTable faces) {
        this.fingerprints = fingerprints;
        this.faces = faces;
    }

    private static final class Shipped {
        static final ScoreFusion INSTANCE = new ScoreFusion(ThresholdTable.fingerprint(), ThresholdTable.face());
    }

    /** The calibration tables built into this release. */
    public static ScoreFusion shipped() {
        return Shipped.INSTANCE;
    }

    public ThresholdTable table(Modality modality) {
        return modality == Modality.FACE ? faces : fingerprints;
    }

    /** Whether the probe is ranked and decided on combined evidence (-log10 FMR) rather than one matcher's score. */
    private static boolean fused(Probe probe) {
        return fused(probe.hasFace(), probe.fingerTestCount());
    }

    private static boolean fused(boolean face, int fingerTests) {
        return face ? fingerTests > 0 : fingerTests > 1;
    }

    private static Modality single(Probe probe) {
        return probe.hasFace() ? Modality.FACE : Modality.FINGERPRINT;
    }

    /** Refuses an operating point outside the calibrated range of any modality the probe uses. */
    public void checkOperatingPoint(Probe probe, double targetFmr) {
        if (probe.hasFingers()) {
            fingerprints.threshold(targetFmr);
        }
        if (probe.hasFace()) {
            faces.threshold(targetFmr);
        }
    }

    /**
     * The score a subject ranks by: one matcher's own score, or fused evidence. Per piece of finger
     * evidence ({@link Probe#fingerTests()}), its best score against the subject and how many
     * comparisons it made (0: none, its score is NaN); the same for the face. Allocates nothing:
     * a scan calls it once per subject.
     */
    public double rankScore(Probe probe, double[] fingerBest, int[] fingerComparisons, double faceBest,
                            int faceComparisons) {
        if (!fused(probe.hasFace(), fingerBest.length)) {
            return probe.hasFace() ? singleComparison(faces, faceBest, faceComparisons)
                    : singleComparison(fingerprints, fingerBest[0], fingerComparisons[0]);
        }
        double decades = 0;
        int tests = 0;
        for (int i = 0; i < fingerBest.length; i++) {
            if (fingerComparisons[i] > 0) {
                decades += bestOf(fingerprints.decadesAt(fingerBest[i]), fingerComparisons[i]);
                tests++;
            }
        }
        if (faceComparisons > 0) {
            decades += bestOf(faces.decadesAt(faceBest), faceComparisons);
            tests++;
        }
        return fisherDecades(decades, tests);
    }

    /**
     * The score one comparison would need to carry the evidence of the best of {@code comparisons}:
     * the best itself for one, else less, so that a single-matcher decision stays at its target
     * however many templates of the subject the probe met.
     */
    private static double singleComparison(ThresholdTable table, double best, int comparisons) {
        return comparisons <= 1 ? best : table.scoreAt(bestOf(table.decadesAt(best), comparisons));
    }

    /**
     * -log10 of the chance that the best of {@code comparisons} independent impostor comparisons
     * reaches a score that one reaches with probability 10^-decades (Šidák's correction).
     */
    static double bestOf(double decades, int comparisons) {
        if (comparisons == 1) {
            return decades;
        }
        double single = Math.pow(10, -decades);
        return -Math.log10(-Math.expm1(comparisons * Math.log1p(-single)));
    }

    /** -log10 of Fisher's combined probability for k independent tests whose product is 10^-decades. */
    public static double fisherDecades(double decades, int k) {
        double minusLnC = decades * Math.log(10);
        double sum = 0;
        double term = 1;
        for (int j = 0; j < k; j++) {
            sum += term;
            term *= minusLnC / (j + 1);
        }
        return decades - Math.log10(sum);
    }

    public double threshold(Probe probe, double targetFmr) {
        return fused(probe) ? -Math.log10(targetFmr) : table(single(probe)).threshold(targetFmr);
    }

    public Decision decide(Probe probe, double score, double targetFmr) {
        double threshold = threshold(probe, targetFmr);
        return new Decision(score >= threshold, score, threshold, targetFmr);
    }
}
