package dev.ridgeline.benchmarks;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Reads an array as fast as the machine allows: the bandwidth baseline for scan kernels. */
final class MemoryRead {

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;

    private MemoryRead() {
    }

    /** Folds every byte into one value with lane-wise XOR, the cheapest work the loads can feed. */
    static long sum(byte[] data) {
        ByteVector accumulator = ByteVector.zero(BYTES);
        int bound = BYTES.loopBound(data.length);
        for (int i = 0; i < bound; i += BYTES.length()) {
            accumulator = accumulator.lanewise(VectorOperators.XOR, ByteVector.fromArray(BYTES, data, i));
        }
        byte folded = accumulator.reduceLanes(VectorOperators.XOR);
        for (int i = bound; i < data.length; i++) {
            folded ^= data[i];
        }
        return folded;
    }
}
