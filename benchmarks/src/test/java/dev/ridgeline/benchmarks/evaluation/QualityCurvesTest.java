package dev.ridgeline.benchmarks.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.accuracy.ErrorVersusReject;
import dev.ridgeline.engine.finger.FingerQuality;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The fingers' error-versus-reject curve, worked by hand: 100 genuine comparisons of fingers, a
 * threshold fixed at FMR 0.1% by 1,000 impostors, and each comparison's quality the lower of its
 * two captures' stored scores.
 */
class QualityCurvesTest {

    private static final double EXACT = 1e-12;
    /** Impostor scores 0..999 / 40: at FMR 0.1% one impostor (the highest, 24.975) may pass. */
    private static final double[] IMPOSTORS = IntStream.range(0, 1000).mapToDouble(i -> i / 40.0).toArray();

    private static FingerQuality finger(int score) {
        return new FingerQuality(score, 0.4, 20_000, 30);
    }

    @Test
    void settingAsideTheLowestQualityFingersTakesAwayTheirFailures() {
        // 100 comparisons; the 5 that fail (score 10) pair a good probe with a poor candidate (quality 20):
        // the pair's quality is the lower one, so these are the first set aside.
        double[] genuine = new double[100];
        Arrays.fill(genuine, 80);
        List<FingerQuality> probes = IntStream.range(0, 100).mapToObj(i -> finger(90)).toList();
        List<FingerQuality> candidates = IntStream.range(0, 100).mapToObj(i -> finger(i < 5 ? 20 : 60 + i % 30)).toList();
        for (int i = 0; i < 5; i++) {
            genuine[i] = 10;
        }
        QualityCurves<FingerQuality> curves = new QualityCurves<>(genuine, probes, candidates,
                ErrorRates.of(genuine, IMPOSTORS), QualityCurves.FINGERS);

        List<ErrorVersusReject.Point> curve = curves.scoreCurve();
        assertThat(curve).extracting(ErrorVersusReject.Point::rejected).containsExactly(0.0, 0.01, 0.02, 0.05, 0.1, 0.2);
        assertThat(curve.get(0).fnmr()).isCloseTo(0.05, within(EXACT));
        assertThat(curve.get(1).fnmr()).as("4 failures left among 99").isCloseTo(4 / 99.0, within(EXACT));
        assertThat(curve.get(2).fnmr()).isCloseTo(3 / 98.0, within(EXACT));
        assertThat(curve.get(3).fnmr()).isZero();
        assertThat(curve.get(5).fnmr()).isZero();
    }

    @Test
    void aCaptureThatCouldNotBeTemplatedRanksBelowEveryScore() {
        // Two failing comparisons: one against a refused capture (null), one against quality 0.
        double[] genuine = new double[100];
        Arrays.fill(genuine, 80);
        genuine[0] = 0;
        genuine[1] = 5;
        List<FingerQuality> probes = IntStream.range(0, 100).mapToObj(i -> i == 0 ? null : finger(i == 1 ? 0 : 50)).toList();
        List<FingerQuality> candidates = IntStream.range(0, 100).mapToObj(i -> finger(50)).toList();
        List<ErrorVersusReject.Point> curve = new QualityCurves<>(genuine, probes, candidates,
                ErrorRates.of(genuine, IMPOSTORS), QualityCurves.FINGERS).scoreCurve();

        assertThat(curve.get(1).fnmr()).as("the refused capture goes first").isCloseTo(1 / 99.0, within(EXACT));
        assertThat(curve.get(2).fnmr()).isZero();
    }
}
