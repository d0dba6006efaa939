package dev.ridgeline.engine.match;

import dev.ridgeline.engine.template.Modality;

/**
 * How scores become decisions, per modality and fused.
 *
 * <p>A probe of one modality is ranked and decided on that modality's own score and calibrated
 * threshold. A probe with both a face and fingers is ranked and decided on fused evidence:
 * each modality's score is turned into the false-match probability its calibration table gives it
 * (as e = -log10 FMR, interpolated in the table), and the probabilities are combined by Fisher's
 * rule for independent tests: with c the product of the k probabilities, the fused probability is
 * c · Σ_{j<k} (-ln c)^j / j!. The fused score is -log10 of that, and the match threshold at a
 * target FMR is simply -log10(target). A subject of whom only one modality compared gets that
 * modality's evidence alone, so every candidate of a search stays on one scale.
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

    private static boolean fused(Probe probe) {
        return probe.hasFingers() && probe.hasFace();
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
     * The score a subject ranks by: a single modality's own score, or fused evidence. A modality
     * that did not compare is NaN.
     */
    public double rankScore(Probe probe, double fingerScore, double faceScore) {
        if (!fused(probe)) {
            return Double.isNaN(fingerScore) ? faceScore : fingerScore;
        }
        double decades = 0;
        int tests = 0;
        if (!Double.isNaN(fingerScore)) {
            decades += fingerprints.decadesAt(fingerScore);
            tests++;
        }
        if (!Double.isNaN(faceScore)) {
            decades += faces.decadesAt(faceScore);
            tests++;
        }
        return fisherDecades(decades, tests);
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
