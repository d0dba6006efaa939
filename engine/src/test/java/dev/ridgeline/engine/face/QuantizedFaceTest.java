package dev.ridgeline.engine.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import org.junit.jupiter.api.Test;

class QuantizedFaceTest {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(5, 512, 0.6);

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void quantizedCosinesStayWithinAHundredthOfFloat32() {
        double worst = 0;
        for (int identity = 0; identity < 200; identity++) {
            float[] probe = FACES.capture(identity, 1);
            for (int other : new int[] {identity, identity + 1000}) {
                float[] stored = FACES.capture(other, 0);
                double exact = cosine(probe, stored);
                double quantized = cosine(probe, QuantizedFace.of(stored).toFloats());
                worst = Math.max(worst, Math.abs(exact - quantized));
            }
        }
        assertThat(worst).isLessThan(0.01);
    }

    @Test
    void theDequantizedVectorHasUnitLength() {
        float[] vector = QuantizedFace.of(FACES.capture(3, 0)).toFloats();
        assertThat(cosine(vector, vector)).isCloseTo(1.0, offset(1e-5));
    }

    @Test
    void aPayloadRoundTripsInFiveHundredSixteenBytes() {
        QuantizedFace face = QuantizedFace.of(FACES.capture(9, 2));
        byte[] payload = face.toPayload();
        assertThat(payload).hasSize(516);
        QuantizedFace read = QuantizedFace.fromPayload(payload, 512);
        assertThat(read.values()).isEqualTo(face.values());
        assertThat(read.scale()).isEqualTo(face.scale());
    }

    @Test
    void malformedPayloadsAreRefused() {
        assertThatThrownBy(() -> QuantizedFace.fromPayload(new byte[100], 512))
                .isInstanceOf(EngineException.class).hasMessageContaining("expected 516");
        byte[] zeroScale = new byte[516];
        assertThatThrownBy(() -> QuantizedFace.fromPayload(zeroScale, 512))
                .isInstanceOf(EngineException.class).hasMessageContaining("scale");
    }
}
