package dev.ridgeline.benchmarks;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products over the gallery storage formats Ridgeline did not choose, so the face-scan suite
 * can show what int8 buys: float32 (4x the bytes, no conversion) and float16 (2x the bytes, a
 * conversion per value). Same structure as the engine's int8 kernel: four accumulators.
 */
final class StorageKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();

    private StorageKernels() {
    }

    /** Σ probe[i] · block[offset + i] with both sides float32 vectors. */
    static float float32(float[] probe, float[] block, int offset) {
        FloatVector sum0 = FloatVector.zero(FLOATS);
        FloatVector sum1 = sum0;
        FloatVector sum2 = sum0;
        FloatVector sum3 = sum0;
        int i = 0;
        for (int bound = probe.length - 4 * LANES; i <= bound; i += 4 * LANES) {
            sum0 = FloatVector.fromArray(FLOATS, block, offset + i).fma(FloatVector.fromArray(FLOATS, probe, i), sum0);
            sum1 = FloatVector.fromArray(FLOATS, block, offset + i + LANES)
                    .fma(FloatVector.fromArray(FLOATS, probe, i + LANES), sum1);
            sum2 = FloatVector.fromArray(FLOATS, block, offset + i + 2 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, probe, i + 2 * LANES), sum2);
            sum3 = FloatVector.fromArray(FLOATS, block, offset + i + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, probe, i + 3 * LANES), sum3);
        }
        float total = sum0.add(sum1).add(sum2.add(sum3)).reduceLanes(VectorOperators.ADD);
        for (; i < probe.length; i++) {
            total += probe[i] * block[offset + i];
        }
        return total;
    }

    /** Σ probe[i] · half(block[offset + i]), the stored side IEEE float16 ({@link Float#float16ToFloat}). */
    static float float16(float[] probe, short[] block, int offset) {
        float sum0 = 0;
        float sum1 = 0;
        float sum2 = 0;
        float sum3 = 0;
        int i = 0;
        for (; i + 4 <= probe.length; i += 4) {
            sum0 += probe[i] * Float.float16ToFloat(block[offset + i]);
            sum1 += probe[i + 1] * Float.float16ToFloat(block[offset + i + 1]);
            sum2 += probe[i + 2] * Float.float16ToFloat(block[offset + i + 2]);
            sum3 += probe[i + 3] * Float.float16ToFloat(block[offset + i + 3]);
        }
        for (; i < probe.length; i++) {
            sum0 += probe[i] * Float.float16ToFloat(block[offset + i]);
        }
        return (sum0 + sum1) + (sum2 + sum3);
    }
}
