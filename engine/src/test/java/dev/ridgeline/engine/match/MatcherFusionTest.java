package dev.ridgeline.engine.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** SourceAFIS and cylinder-code evidence combined on the shipped tables. */
class MatcherFusionTest {

    private final ThresholdTable sourceafis = ThresholdTable.fingerprint();
    private final ThresholdTable cylinders = ThresholdTable.cylinders();
    private final MatcherFusion fusion = MatcherFusion.shipped();

    @Test
    void twoScoresAtTheirOwnThresholdsAddUpToStrongerEvidence() {
        double fused = fusion.fusedDecades(sourceafis.threshold(1e-3), cylinders.threshold(1e-3));
        // Fisher: c = 1e-6 over two tests gives c (1 - ln c) = 1.48e-5, 4.83 decades.
        assertThat(fused).isCloseTo(4.83, within(0.01));
    }

    @Test
    void eitherMatcherAloneMovesTheFusedScore() {
        double weak = fusion.fusedDecades(sourceafis.threshold(1e-2), cylinders.threshold(1e-2));
        assertThat(fusion.fusedDecades(sourceafis.threshold(1e-4), cylinders.threshold(1e-2))).isGreaterThan(weak);
        assertThat(fusion.fusedDecades(sourceafis.threshold(1e-2), cylinders.threshold(1e-4))).isGreaterThan(weak);
    }

    @Test
    void theCylinderTableCoversTheServiceOperatingPoints() {
        assertThat(cylinders.fmrs()).hasSize(5);
        assertThat(cylinders.threshold(1e-4)).isBetween(0.0, 1.0).isGreaterThan(cylinders.threshold(1e-2));
    }
}
