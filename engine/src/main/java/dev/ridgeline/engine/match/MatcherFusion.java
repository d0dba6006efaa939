package dev.ridgeline.engine.match;

/**
 * Fuses the two fingerprint matchers' scores of one comparison, SourceAFIS and Minutia
 * Cylinder-Code, the way {@link ScoreFusion} fuses face and finger: each score becomes the
 * false-match probability its own calibration table gives it, and Fisher's rule combines the
 * two. The fused score is -log10 of the combined probability, so a decision at target FMR f
 * compares it with -log10(f). The two matchers read the same minutiae, so their errors are not
 * independent and the combined probability is optimistic: the fused scale needs its own check
 * on impostors before decisions rely on it (evaluate reports the FMR it lets through).
 */
public final class MatcherFusion {

    private final ThresholdTable sourceafis;
    private final ThresholdTable cylinders;

    public MatcherFusion(ThresholdTable sourceafis, ThresholdTable cylinders) {
        this.sourceafis = sourceafis;
        this.cylinders = cylinders;
    }

    /** The tables built into this release. */
    public static MatcherFusion shipped() {
        return new MatcherFusion(ThresholdTable.fingerprint(), ThresholdTable.cylinders());
    }

    /** -log10 of the fused false-match probability of a SourceAFIS score and a cylinder-code score. */
    public double fusedDecades(double sourceafisScore, double cylinderScore) {
        return ScoreFusion.fisherDecades(sourceafis.decadesAt(sourceafisScore) + cylinders.decadesAt(cylinderScore), 2);
    }
}
