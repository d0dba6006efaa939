package dev.ridgeline.engine.face;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD dot product: loads as many int8 values as the preferred float vector has lanes, widens
 * them to float in registers and accumulates with fused multiply-add. Four independent
 * accumulators keep the FMA unit busy instead of waiting on one accumulator's latency (1.31x
 * the single-accumulator loop, see benchmarks/README.md). Loaded only when the incubator module
 * is present (see {@link FaceDot#best()}).
 */
final class VectorFaceDot implements FaceDot {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.length() * Byte.SIZE));
    private static final int LANES = FLOATS.length();
    private static final int UNROLL = 4;

    @Override
    public float dot(float[] probe, byte[] block, int offset) {
        FloatVector sum0 = FloatVector.zero(FLOATS);
        FloatVector sum1 = sum0;
        FloatVector sum2 = sum0;
        FloatVector sum3 = sum0;
        int i = 0;
        for (int bound = probe.length - UNROLL * LANES; i <= bound; i += UNROLL * LANES) {
            sum0 = product(probe, block, offset, i, sum0);
            sum1 = product(probe, block, offset, i + LANES, sum1);
            sum2 = product(probe, block, offset, i + 2 * LANES, sum2);
            sum3 = product(probe, block, offset, i + 3 * LANES, sum3);
        }
        for (int bound = FLOATS.loopBound(probe.length); i < bound; i += LANES) {
            sum0 = product(probe, block, offset, i, sum0);
        }
        float total = sum0.add(sum1).add(sum2.add(sum3)).reduceLanes(VectorOperators.ADD);
        for (; i < probe.length; i++) {
            total += probe[i] * block[offset + i];
        }
        return total;
    }

    private static FloatVector product(float[] probe, byte[] block, int offset, int i, FloatVector sum) {
        FloatVector stored = (FloatVector) ByteVector.fromArray(BYTES, block, offset + i)
                .convertShape(VectorOperators.B2F, FLOATS, 0);
        return stored.fma(FloatVector.fromArray(FLOATS, probe, i), sum);
    }
}
