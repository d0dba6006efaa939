package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.face.QuantizedFace;
import java.util.Arrays;

/**
 * A shard's face vectors in one contiguous int8 array (slot i at offset i · dimension) with one
 * scale per slot, so a scan streams through memory. Append-only: a published snapshot keeps the
 * arrays it saw and reads only the slots it counts, while the writer appends past them (or to a
 * grown copy).
 */
final class FaceBlock {

    record View(byte[] values, float[] scales, int dimension) {
        static final View EMPTY = new View(new byte[0], new float[0], 0);

        int offset(int slot) {
            return slot * dimension;
        }
    }

    private byte[] values = new byte[0];
    private float[] scales = new float[0];
    private int dimension;
    private int count;

    /** Appends a vector; returns its slot. */
    int append(QuantizedFace face) {
        if (count == 0 && dimension == 0) {
            dimension = face.dimension();
        } else if (face.dimension() != dimension) {
            throw new IllegalArgumentException("face of " + face.dimension() + " dimensions in a block of " + dimension);
        }
        if (count == scales.length) {
            int capacity = Math.max(64, scales.length * 2);
            scales = Arrays.copyOf(scales, capacity);
            values = Arrays.copyOf(values, capacity * dimension);
        }
        System.arraycopy(face.values(), 0, values, count * dimension, dimension);
        scales[count] = face.scale();
        return count++;
    }

    long bytesPerFace() {
        return QuantizedFace.bytes(dimension);
    }

    View view() {
        return new View(values, scales, dimension);
    }
}
