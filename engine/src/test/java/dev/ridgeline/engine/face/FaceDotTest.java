package dev.ridgeline.engine.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaceDotTest {

    @Test
    void theTestsRunWithTheVectorKernel() {
        assertThat(FaceDot.best()).as("surefire starts the JVM with jdk.incubator.vector").isInstanceOf(VectorFaceDot.class);
    }

    @Test
    void vectorAndScalarKernelsAgreeAtAnyOffsetAndLength() {
        SplittableRandom random = new SplittableRandom(1);
        byte[] block = new byte[4096];
        random.nextBytes(block);
        for (int length : new int[] {1, 15, 16, 17, 128, 512, 515}) {
            float[] probe = new float[length];
            for (int i = 0; i < length; i++) {
                probe[i] = (float) (random.nextDouble() * 2 - 1);
            }
            for (int offset : new int[] {0, 3, 512, 4096 - length}) {
                float scalar = FaceDot.scalar().dot(probe, block, offset);
                float vector = FaceDot.best().dot(probe, block, offset);
                assertThat(vector).as("length %d offset %d", length, offset)
                        .isCloseTo(scalar, offset(1e-3f * Math.max(1, Math.abs(scalar))));
            }
        }
    }
}
