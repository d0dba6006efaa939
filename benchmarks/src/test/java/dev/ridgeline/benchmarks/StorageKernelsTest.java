package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import org.junit.jupiter.api.Test;

class StorageKernelsTest {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(4, 512, 0.6);

    @Test
    void float32AndFloat16KernelsComputeTheCosineAtAnOffset() {
        float[] probe = FACES.capture(1, 1);
        float[] stored = FACES.capture(1, 0);
        double cosine = 0;
        for (int i = 0; i < probe.length; i++) {
            cosine += (double) probe[i] * stored[i];
        }
        float[] float32Block = new float[3 * 512];
        short[] float16Block = new short[3 * 512];
        for (int i = 0; i < 512; i++) {
            float32Block[512 + i] = stored[i];
            float16Block[512 + i] = Float.floatToFloat16(stored[i]);
        }
        assertThat(cosine).isGreaterThan(0.5);
        assertThat((double) StorageKernels.float32(probe, float32Block, 512)).isCloseTo(cosine, within(1e-5));
        assertThat((double) StorageKernels.float16(probe, float16Block, 512)).isCloseTo(cosine, within(1e-3));
        assertThat((double) StorageKernels.float32(probe, float32Block, 0)).isZero();
    }
}
