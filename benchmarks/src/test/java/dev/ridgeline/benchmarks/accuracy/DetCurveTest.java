package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetCurveTest {

    @Test
    void smallSetsKeepOnePointPerCandidateThreshold() {
        // genuine {2, 4}, impostor {1, 3}: candidates 1, 2, 3, 4, +inf.
        List<ErrorRates.DetPoint> det = ErrorRates.of(new double[] {4, 2}, new double[] {3, 1}).det();

        assertThat(det).containsExactly(
                new ErrorRates.DetPoint(1, 1, 0),
                new ErrorRates.DetPoint(2, 0.5, 0),
                new ErrorRates.DetPoint(3, 0.5, 0.5),
                new ErrorRates.DetPoint(4, 0, 0.5),
                new ErrorRates.DetPoint(Double.POSITIVE_INFINITY, 0, 1));
    }

    @Test
    void millionsOfImpostorsAreThinnedForPlottingButKeepTheTail() {
        Random random = new Random(3);
        double[] impostor = new double[1_000_000];
        for (int i = 0; i < impostor.length; i++) {
            impostor[i] = random.nextGaussian();
        }
        double[] genuine = new double[10_000];
        for (int i = 0; i < genuine.length; i++) {
            genuine[i] = 3 + random.nextGaussian();
        }

        ErrorRates rates = ErrorRates.of(genuine, impostor);
        List<ErrorRates.DetPoint> det = rates.det();

        assertThat(det.size()).isBetween(500, DetCurve.MAX_POINTS + 2);
        assertThat(det.get(0).fmr()).isEqualTo(1.0);
        assertThat(det.get(0).fnmr()).isZero();
        assertThat(det.get(det.size() - 1)).isEqualTo(new ErrorRates.DetPoint(Double.POSITIVE_INFINITY, 0, 1));
        for (int i = 1; i < det.size(); i++) {
            assertThat(det.get(i).threshold()).isGreaterThan(det.get(i - 1).threshold());
            assertThat(det.get(i).fmr()).isLessThanOrEqualTo(det.get(i - 1).fmr());
            assertThat(det.get(i).fnmr()).isGreaterThanOrEqualTo(det.get(i - 1).fnmr());
        }
        // Log-spaced thinning keeps points all the way down the impostor tail.
        assertThat(det).anySatisfy(p -> assertThat(p.fmr()).isBetween(1e-6, 1e-5));
        // Two unit Gaussians 3 apart cross at 1.5: EER = P(N(0,1) >= 1.5), about 0.0668.
        assertThat(rates.eer()).isCloseTo(0.0668, within(0.004));
    }
}
