package dev.ridgeline.engine.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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
    private static final Probe TWO_FINGERS = new Probe(List.of(
            new ProbeFinger(2, com.machinezoo.sourceafis.FingerprintTemplate.empty()),
            new ProbeFinger(7, com.machinezoo.sourceafis.FingerprintTemplate.empty())), null, FUSION);

    private static final double[] NO_FINGERS = {Double.NaN};
    private static final int[] NONE = {0};

    /** One probe finger's best score over {@code comparisons} reference fingers. */
    private static double[] best(double... scores) {
        return scores;
    }

    private static int[] comparisons(int... counts) {
        return counts;
    }

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
        assertThat(FUSION.rankScore(FACE_PROBE, new double[0], new int[0], 0.35, 1)).isEqualTo(0.35);
        Decision decision = FUSION.decide(FACE_PROBE, 0.35, 1e-3);
        assertThat(decision.threshold()).isEqualTo(0.3);
        assertThat(decision.match()).isTrue();
        assertThat(FUSION.decide(FINGER_PROBE, 35, 1e-4).match()).isFalse();
    }

    @Test
    void twoModalitiesAddTheirEvidenceAndDecideAtMinusLogTarget() {
        // Each alone reaches only FMR 1e-3; together they pass a 1e-4 target.
        double fused = FUSION.rankScore(BOTH, best(30), comparisons(1), 0.3, 1);
        assertThat(fused).isCloseTo(ScoreFusion.fisherDecades(6, 2), offset(1e-9));
        Decision decision = FUSION.decide(BOTH, fused, 1e-4);
        assertThat(decision.threshold()).isEqualTo(4);
        assertThat(decision.match()).isTrue();
        assertThat(FUSION.decide(FINGER_PROBE, 30, 1e-4).match()).isFalse();

        // A subject with only a face, in the same fused search, keeps its face evidence alone.
        double faceOnly = FUSION.rankScore(BOTH, NO_FINGERS, NONE, 0.3, 1);
        assertThat(faceOnly).isCloseTo(3, offset(1e-9));
        assertThat(faceOnly).isLessThan(fused);
    }

    @Test
    void theBestOfSeveralComparisonsIsWorthLessThanOne() {
        assertThat(ScoreFusion.bestOf(3, 1)).isEqualTo(3);
        // Ten chances at 1e-4 each: 1 - (1 - 1e-4)^10, just under 1e-3.
        assertThat(ScoreFusion.bestOf(4, 10)).isCloseTo(-Math.log10(1 - Math.pow(1 - 1e-4, 10)), offset(1e-9));
        assertThat(ScoreFusion.bestOf(4, 10)).isCloseTo(3, offset(0.001));
        assertThat(ScoreFusion.bestOf(0, 5)).as("a score every impostor reaches stays worthless").isZero();

        // A face and one finger of unknown position that met a 10-finger record: its 1e-4 counts as 1e-3.
        double oneReference = FUSION.rankScore(BOTH, best(40), comparisons(1), 0.3, 1);
        double tenReferences = FUSION.rankScore(BOTH, best(40), comparisons(10), 0.3, 1);
        assertThat(tenReferences).isCloseTo(FUSION.rankScore(BOTH, best(30), comparisons(1), 0.3, 1), offset(0.001));
        assertThat(tenReferences).isLessThan(oneReference);
    }

    @Test
    void aSingleMatcherProbeThatMetSeveralTemplatesScoresWhatOneComparisonWouldNeed() {
        // One finger against ten of the subject's (positions unknown): its best at FMR 1e-4 alone
        // is worth about 1e-3 as the best of ten, so it scores what one comparison at 1e-3 scores.
        double tenFingers = FUSION.rankScore(FINGER_PROBE, best(40), comparisons(10), Double.NaN, 0);
        assertThat(tenFingers).isCloseTo(30, within(0.05));
        assertThat(FUSION.decide(FINGER_PROBE, tenFingers, 1e-4).match()).isFalse();
        assertThat(FUSION.decide(FINGER_PROBE, tenFingers, 1e-3).match()).isTrue();
        assertThat(FUSION.rankScore(FINGER_PROBE, best(40), comparisons(1), Double.NaN, 0))
                .as("one comparison keeps its raw score").isEqualTo(40);
        // The same for a face against several photos of one subject.
        assertThat(FUSION.rankScore(FACE_PROBE, new double[0], new int[0], 0.4, 10)).isCloseTo(0.3, within(0.005));
    }

    @Test
    void capturesAtOnePositionAndAllOfUnknownPositionAreOnePieceOfEvidence() {
        com.machinezoo.sourceafis.FingerprintTemplate empty = com.machinezoo.sourceafis.FingerprintTemplate.empty();
        Probe probe = new Probe(List.of(new ProbeFinger(2, empty), new ProbeFinger(0, empty), new ProbeFinger(7, empty),
                new ProbeFinger(2, empty), new ProbeFinger(0, empty)), null, FUSION);
        assertThat(probe.fingerTests()).containsExactly(0, 1, 2, 0, 1);
        assertThat(probe.fingerTestCount()).isEqualTo(3);

        // Two captures of the right index: one finger, decided on its own scale like a one-finger probe.
        Probe twice = new Probe(List.of(new ProbeFinger(2, empty), new ProbeFinger(2, empty)), null, FUSION);
        assertThat(FUSION.threshold(twice, 1e-4)).isEqualTo(40);
        assertThat(FUSION.rankScore(twice, best(40), comparisons(1), Double.NaN, 0)).isEqualTo(40);
    }

    @Test
    void severalFingersAreDecidedOnTheirCombinedEvidence() {
        // Each finger alone reaches only FMR 1e-3 (short of a 1e-4 target); the two together pass it.
        double both = FUSION.rankScore(TWO_FINGERS, best(30, 30), comparisons(1, 1), Double.NaN, 0);
        assertThat(both).isCloseTo(ScoreFusion.fisherDecades(6, 2), offset(1e-9));
        assertThat(FUSION.decide(TWO_FINGERS, both, 1e-4).match()).isTrue();
        assertThat(FUSION.decide(FINGER_PROBE, 30, 1e-4).match()).isFalse();

        // A strong finger beside one that matched like an impostor's: the second is evidence against
        // the claim, so the pair is worth less than the strong finger alone, but still a lot.
        double oneStrong = FUSION.rankScore(TWO_FINGERS, best(45, 5), comparisons(1, 1), Double.NaN, 0);
        assertThat(oneStrong).isBetween(3.5, 4.5);
        // A probe finger the subject has no finger for adds no test at all.
        double alone = FUSION.rankScore(TWO_FINGERS, best(45, Double.NaN), comparisons(1, 0), Double.NaN, 0);
        assertThat(alone).isCloseTo(4.5, offset(1e-9));
        assertThat(FUSION.threshold(TWO_FINGERS, 1e-4)).isEqualTo(4);
    }
}
