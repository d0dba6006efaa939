package dev.ridgeline.engine.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreFusionTest {

    private static final ThresholdTable FINGERS = new ThresholdTable("fingers", new double[] {1e-2, 1e-3, 1e-4},
            new double[] {20, 30, 40});
    private static final ThresholdTable FACES = new ThresholdTable("faces", new double[] {1e-2, 1e-3, 1e-4},
            new double[] {0.2, 0.3, 0.4});
    private static final ScoreFusion FUSION = new ScoreFusion(FINGERS, FACES);

    private static final Probe FINGER_PROBE = new Probe(List.of(new ProbeFinger(1, com.machinezoo.sourceafis.FingerprintTemplate.empty())), null, FUSION);
    private static final Probe FACE_PROBE = new Probe(List.of(), new float[] {1}, FUSION);
    private static final Probe BOTH = new Probe(List.of(new ProbeFinger(1, com.machinezoo.sourceafis.FingerprintTemplate.empty())), new float[] {1}, FUSION);

    @Test
    void decadesAtInvertsTheThresholdsAndStaysInItsBounds() {
        assertThat(FINGERS.decadesAt(30)).isCloseTo(3, offset(1e-9));
        assertThat(FINGERS.decadesAt(35)).isCloseTo(3.5, offset(1e-9));
        assertThat(FINGERS.decadesAt(10)).as("extrapolated below the table").isCloseTo(1, offset(1e-9));
        assertThat(FINGERS.decadesAt(-100)).isZero();
        assertThat(FINGERS.decadesAt(1000)).as("at most two decades past the table").isEqualTo(6);
    }

    @Test
    void fisherOfOneTestIsTheTestItselfAndOfTwoIsTheProductCorrected() {
        assertThat(ScoreFusion.fisherDecades(3, 1)).isCloseTo(3, offset(1e-12));
        // Two tests whose probabilities multiply to 1e-6: P = c(1 - ln c) with c = 1e-6.
        double c = 1e-6;
        assertThat(ScoreFusion.fisherDecades(6, 2)).isCloseTo(-Math.log10(c * (1 - Math.log(c))), offset(1e-12));
    }

    @Test
    void aSingleModalityIsRankedAndDecidedOnItsOwnScale() {
        assertThat(FUSION.rankScore(FACE_PROBE, Double.NaN, 0.35)).isEqualTo(0.35);
        Decision decision = FUSION.decide(FACE_PROBE, 0.35, 1e-3);
        assertThat(decision.threshold()).isEqualTo(0.3);
        assertThat(decision.match()).isTrue();
        assertThat(FUSION.decide(FINGER_PROBE, 35, 1e-4).match()).isFalse();
    }

    @Test
    void twoModalitiesAddTheirEvidenceAndDecideAtMinusLogTarget() {
        // Each alone reaches only FMR 1e-3; together they pass a 1e-4 target.
        double fused = FUSION.rankScore(BOTH, 30, 0.3);
        assertThat(fused).isCloseTo(ScoreFusion.fisherDecades(6, 2), offset(1e-9));
        Decision decision = FUSION.decide(BOTH, fused, 1e-4);
        assertThat(decision.threshold()).isEqualTo(4);
        assertThat(decision.match()).isTrue();
        assertThat(FUSION.decide(FINGER_PROBE, 30, 1e-4).match()).isFalse();

        // A subject with only a face, in the same fused search, keeps its face evidence alone.
        double faceOnly = FUSION.rankScore(BOTH, Double.NaN, 0.3);
        assertThat(faceOnly).isCloseTo(3, offset(1e-9));
        assertThat(faceOnly).isLessThan(fused);
    }
}
