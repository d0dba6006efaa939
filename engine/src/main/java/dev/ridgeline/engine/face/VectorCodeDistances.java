package dev.ridgeline.engine.face;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD code distances: a code is one 512-bit vector, so a distance is an XOR, a per-lane bit count
 * and a sum of the eight lanes. The lane sum is the costly step, so four codes share one: each
 * lane count is at most 64, so the four codes' counts are shifted into separate 16-bit fields of
 * each lane, summed once, and read back from the four fields (a distance is at most 512). On one
 * core of this VM that scans a million codes in 2.6 ms against 5.3 ms for the scalar loop
 * (benchmarks/README.md). Loaded only when the incubator module is present
 * ({@link CodeDistances#best()}).
 */
final class VectorCodeDistances implements CodeDistances {

    private static final VectorSpecies<Long> CODE = LongVector.SPECIES_512;
    private static final int PACKED = 4;

    /** Whether this CPU's vectors hold a whole code (narrower ones would split it and count bits in software). */
    static boolean supported() {
        return LongVector.SPECIES_PREFERRED.vectorBitSize() >= FaceCode.BITS;
    }

    @Override
    public void distances(long[] probe, long[] codes, int first, int count, short[] out, int outOffset) {
        LongVector probeCode = LongVector.fromArray(CODE, probe, 0);
        int i = 0;
        for (; i + PACKED <= count; i += PACKED) {
            int offset = (first + i) * FaceCode.LONGS;
            LongVector packed = bits(probeCode, codes, offset)
                    .add(bits(probeCode, codes, offset + FaceCode.LONGS).lanewise(VectorOperators.LSHL, 16))
                    .add(bits(probeCode, codes, offset + 2 * FaceCode.LONGS).lanewise(VectorOperators.LSHL, 32))
                    .add(bits(probeCode, codes, offset + 3 * FaceCode.LONGS).lanewise(VectorOperators.LSHL, 48));
            long sums = packed.reduceLanes(VectorOperators.ADD);
            out[outOffset + i] = (short) sums;
            out[outOffset + i + 1] = (short) (sums >>> 16);
            out[outOffset + i + 2] = (short) (sums >>> 32);
            out[outOffset + i + 3] = (short) (sums >>> 48);
        }
        for (; i < count; i++) {
            out[outOffset + i] = (short) bits(probeCode, codes, (first + i) * FaceCode.LONGS)
                    .reduceLanes(VectorOperators.ADD);
        }
    }

    /** Per lane, the bits in which the probe and the code at {@code offset} differ. */
    private static LongVector bits(LongVector probe, long[] codes, int offset) {
        return probe.lanewise(VectorOperators.XOR, LongVector.fromArray(CODE, codes, offset))
                .lanewise(VectorOperators.BIT_COUNT);
    }
}
