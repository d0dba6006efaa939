package dev.ridgeline.engine.face;

/**
 * The face scoring kernel: dot product of a float32 probe with an int8 vector stored at an offset
 * in a shard's contiguous block. The Vector API version is used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; otherwise the scalar loop, which gives the same sums
 * up to float rounding.
 */
public interface FaceDot {

    /** Σ probe[i] · block[offset + i] over the probe's length (the caller applies the scale). */
    float dot(float[] probe, byte[] block, int offset);

    /** The fastest kernel this JVM offers. */
    static FaceDot best() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? new VectorFaceDot() : scalar();
    }

    static FaceDot scalar() {
        return (probe, block, offset) -> {
            float sum = 0;
            for (int i = 0; i < probe.length; i++) {
                sum += probe[i] * block[offset + i];
            }
            return sum;
        };
    }
}
