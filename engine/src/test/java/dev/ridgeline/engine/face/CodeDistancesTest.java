package dev.ridgeline.engine.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodeDistancesTest {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(5, 512, 0.7);

    @Test
    void eachKernelGivesTheDistanceOfEveryCodeInTheRunAndWritesNothingElse() {
        int codes = 23;
        long[] block = new long[codes * FaceCode.LONGS];
        for (int i = 0; i < codes; i++) {
            System.arraycopy(FaceCode.of(FACES.capture(i, 0)), 0, block, i * FaceCode.LONGS, FaceCode.LONGS);
        }
        long[] probe = FaceCode.of(FACES.capture(4, 1));
        // Runs of every length up to the block from an odd start cover the packed groups and the tail.
        for (CodeDistances kernel : new CodeDistances[] {CodeDistances.best(), CodeDistances.scalar()}) {
            for (int count = 0; count <= codes - 3; count++) {
                short[] out = new short[count + 4];
                Arrays.fill(out, (short) -1);
                kernel.distances(probe, block, 3, count, out, 1);
                for (int i = 0; i < count; i++) {
                    assertThat(out[1 + i]).as("%s, code %d of a run of %d", kernel, 3 + i, count)
                            .isEqualTo((short) FaceCode.distance(probe, block, (3 + i) * FaceCode.LONGS));
                }
                assertThat(out[0]).isEqualTo((short) -1);
                assertThat(new short[] {out[count + 1], out[count + 2], out[count + 3]}).containsOnly((short) -1);
            }
        }
    }

    @Test
    void theMateIsNearerThanStrangersByEitherKernel() {
        long[] block = new long[8 * FaceCode.LONGS];
        for (int i = 0; i < 8; i++) {
            System.arraycopy(FaceCode.of(FACES.capture(100 + i, 0)), 0, block, i * FaceCode.LONGS, FaceCode.LONGS);
        }
        short[] out = new short[8];
        CodeDistances.best().distances(FaceCode.of(FACES.capture(105, 1)), block, 0, 8, out, 0);
        for (int i = 0; i < 8; i++) {
            if (i != 5) {
                assertThat(out[5]).isLessThan(out[i]);
            }
        }
    }
}
