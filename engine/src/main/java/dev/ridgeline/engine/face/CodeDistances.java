package dev.ridgeline.engine.face;

/**
 * The first stage's kernel: the {@link FaceCode} distance from a probe code to each of a run of
 * codes stored one after another. A whole run at a time, because the per-face work is a handful
 * of instructions: looking each face up on its own cost three times the distances themselves. The
 * Vector API version is used when the JVM has the incubator module and 512-bit vectors (one code
 * is one vector, and the CPU counts its bits in one instruction); otherwise the scalar loop. Both
 * give the same distances.
 */
public interface CodeDistances {

    /**
     * Writes into {@code out[outOffset + i]} the distance from {@code probe} to code {@code first + i}
     * of {@code codes} (codes of {@link FaceCode#LONGS} longs each), for i below {@code count}.
     */
    void distances(long[] probe, long[] codes, int first, int count, short[] out, int outOffset);

    /** The fastest kernel this JVM and CPU offer. */
    static CodeDistances best() {
        boolean vectors = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && VectorCodeDistances.supported();
        return vectors ? new VectorCodeDistances() : scalar();
    }

    static CodeDistances scalar() {
        return (probe, codes, first, count, out, outOffset) -> {
            for (int i = 0; i < count; i++) {
                out[outOffset + i] = (short) FaceCode.distance(probe, codes, (first + i) * FaceCode.LONGS);
            }
        };
    }
}
