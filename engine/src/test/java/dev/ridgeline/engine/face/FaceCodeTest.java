package dev.ridgeline.engine.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import org.junit.jupiter.api.Test;

class FaceCodeTest {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(3, 512, 0.8);

    private static int distance(long[] a, long[] b) {
        return FaceCode.distance(a, b, 0);
    }

    @Test
    void aVectorIsAtZeroFromItselfAndAtEveryBitFromItsOpposite() {
        float[] vector = FACES.capture(1, 0);
        float[] opposite = vector.clone();
        for (int i = 0; i < opposite.length; i++) {
            opposite[i] = -opposite[i];
        }
        assertThat(distance(FaceCode.of(vector), FaceCode.of(vector))).isZero();
        assertThat(distance(FaceCode.of(vector), FaceCode.of(opposite))).isEqualTo(FaceCode.BITS);
    }

    @Test
    void theStoredInt8FormHasNearlyTheCodeOfItsFloatVector() {
        float[] vector = FACES.capture(2, 0);
        assertThat(distance(FaceCode.of(vector), FaceCode.of(QuantizedFace.of(vector).values())))
                .isLessThanOrEqualTo(8);
    }

    @Test
    void theDistanceEstimatesTheAngleBetweenVectors() {
        // Sign agreement of a projection is 1 - θ/π: check the mean over many pairs, mates and strangers.
        double mateError = 0;
        double strangerError = 0;
        int pairs = 200;
        for (int i = 0; i < pairs; i++) {
            mateError += angleError(FACES.capture(i, 0), FACES.capture(i, 1));
            strangerError += angleError(FACES.capture(i, 0), FACES.capture(i + 1000, 0));
        }
        assertThat(mateError / pairs).isCloseTo(0, within(0.01));
        assertThat(strangerError / pairs).isCloseTo(0, within(0.01));
    }

    /** Code distance as a fraction of the bits, minus the angle as a fraction of π. */
    private static double angleError(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        double angleShare = Math.acos(dot) / Math.PI;
        return (double) distance(FaceCode.of(a), FaceCode.of(b)) / FaceCode.BITS - angleShare;
    }
}
