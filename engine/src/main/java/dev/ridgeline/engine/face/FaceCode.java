package dev.ridgeline.engine.face;

import java.util.Arrays;

/**
 * A 256-bit sketch of a face vector for the first stage of a face search: the signs of 256
 * pseudo-random projections. Two vectors at angle θ disagree on a fraction θ/π of such signs, so
 * the Hamming distance of two codes estimates the cosine of their vectors at 32 bytes a face
 * instead of 512. The projections are a randomized Hadamard transform (fixed sign flips, then
 * the fast Walsh-Hadamard transform): every output mixes every dimension, and it costs a few
 * thousand additions instead of a 256 x 512 matrix product, so codes are cheap to rebuild when a
 * gallery loads.
 */
public final class FaceCode {

    /** Code length in bits, and in longs as the shard stores it. */
    public static final int BITS = 256;
    public static final int LONGS = BITS / Long.SIZE;

    /** Fixed sign flips (a seeded sequence, never to change: stored galleries rebuild codes with it). */
    private static final long FLIP_SEED = 0x5EED_F0CE_C0DEL;

    private FaceCode() {
    }

    /** The code of a stored int8 vector (its scale does not change signs). */
    public static long[] of(byte[] values) {
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = values[i];
        }
        return ofVector(vector);
    }

    /** The code of a float vector, such as a probe. */
    public static long[] of(float[] vector) {
        return ofVector(vector.clone());
    }

    /** Hamming distance between {@code probe} and the code stored at {@code offset} (in longs) of {@code codes}. */
    public static int distance(long[] probe, long[] codes, int offset) {
        return Long.bitCount(probe[0] ^ codes[offset])
                + Long.bitCount(probe[1] ^ codes[offset + 1])
                + Long.bitCount(probe[2] ^ codes[offset + 2])
                + Long.bitCount(probe[3] ^ codes[offset + 3]);
    }

    /** Transforms {@code work} in place and returns the signs of its first {@link #BITS} outputs. */
    private static long[] ofVector(float[] work) {
        int length = Integer.highestOneBit(Math.max(work.length, BITS) - 1) << 1;
        float[] padded = length == work.length ? work : Arrays.copyOf(work, length);
        long flips = FLIP_SEED;
        for (int i = 0; i < padded.length; i++) {
            flips = flips * 6364136223846793005L + 1442695040888963407L;
            if (flips < 0) {
                padded[i] = -padded[i];
            }
        }
        for (int half = 1; half < padded.length; half <<= 1) {
            for (int start = 0; start < padded.length; start += half << 1) {
                for (int i = start; i < start + half; i++) {
                    float a = padded[i];
                    float b = padded[i + half];
                    padded[i] = a + b;
                    padded[i + half] = a - b;
                }
            }
        }
        long[] code = new long[LONGS];
        for (int bit = 0; bit < BITS; bit++) {
            if (padded[bit] < 0) {
                code[bit >>> 6] |= 1L << (bit & 63);
            }
        }
        return code;
    }
}
