package dev.ridgeline.engine.face;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD dot product: loads as many int8 values as the preferred float vector has lanes, widens
 * them to float in registers and accumulates with fused multiply-add. Loaded only when the
 * incubator module is present (see {@link FaceDot#best()}).
 */
final class VectorFaceDot implements FaceDot {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.length() * Byte.SIZE));

    @Override
    public float dot(float[] probe, byte[] block, int offset) {
        int lanes = FLOATS.length();
        int bound = FLOATS.loopBound(probe.length);
        FloatVector sum = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector stored = (FloatVector) ByteVector.fromArray(BYTES, block, offset + i)
                    .convertShape(VectorOperators.B2F, FLOATS, 0);
            sum = stored.fma(FloatVector.fromArray(FLOATS, probe, i), sum);
        }
        float total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < probe.length; i++) {
            total += probe[i] * block[offset + i];
        }
        return total;
    }
}
