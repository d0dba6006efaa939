package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.face.FaceCode;
import dev.ridgeline.engine.face.QuantizedFace;
import java.util.Arrays;

/**
 * A shard's face vectors in contiguous int8 segments of up to {@value #SEGMENT_FACES} faces (slot
 * i at offset (i mod segment) · dimension of segment i / segment), with a scale and a
 * {@link FaceCode} per slot, so a scan streams through memory. Fixed-size segments keep the heap
 * per face at the vector's size (a doubling array would hold up to twice that) and a shard never
 * copies its whole block to grow. Segments stay well under half of G1's smallest region (1 MB), so
 * they are ordinary allocations: a 4 MB segment was a humongous object taking three 2 MB regions,
 * 240 bytes of waste a face on a 4 GB heap. Append-only: a published snapshot keeps the segments it saw and
 * reads only the slots it counts, while the writer appends past them (or into a grown copy of the
 * last, still small, segment).
 */
final class FaceBlock {

    static final int SEGMENT_SHIFT = 10;
    static final int SEGMENT_FACES = 1 << SEGMENT_SHIFT;
    static final int SLOT_MASK = SEGMENT_FACES - 1;

    /** One segment's vectors, scales and codes. */
    record Segment(byte[] values, float[] scales, long[] codes) {

        static Segment withCapacity(int faces, int dimension) {
            return new Segment(new byte[faces * dimension], new float[faces], new long[faces * FaceCode.LONGS]);
        }

        int capacity() {
            return scales.length;
        }

        Segment grownTo(int faces, int dimension) {
            return new Segment(Arrays.copyOf(values, faces * dimension), Arrays.copyOf(scales, faces),
                    Arrays.copyOf(codes, faces * FaceCode.LONGS));
        }
    }

    /** What a snapshot reads: the segments as they were at publication, and the dimension. */
    record View(Segment[] segments, int dimension) {
        static final View EMPTY = new View(new Segment[0], 0);

        Segment segment(int slot) {
            return segments[slot >>> SEGMENT_SHIFT];
        }

        int offset(int slot) {
            return (slot & SLOT_MASK) * dimension;
        }

        float scale(int slot) {
            return segment(slot).scales()[slot & SLOT_MASK];
        }
    }

    private Segment[] segments = new Segment[0];
    private int dimension;
    private int count;

    /** Appends a vector; returns its slot. */
    int append(QuantizedFace face) {
        if (count == 0 && dimension == 0) {
            dimension = face.dimension();
        } else if (face.dimension() != dimension) {
            throw new IllegalArgumentException("face of " + face.dimension() + " dimensions in a block of " + dimension);
        }
        int slot = count;
        int index = slot & SLOT_MASK;
        Segment segment = writableSegment(slot);
        System.arraycopy(face.values(), 0, segment.values(), index * dimension, dimension);
        segment.scales()[index] = face.scale();
        System.arraycopy(FaceCode.of(face.values()), 0, segment.codes(), index * FaceCode.LONGS, FaceCode.LONGS);
        count++;
        return slot;
    }

    /** The segment {@code slot} goes into: a new one, or the last grown (small galleries stay small). */
    private Segment writableSegment(int slot) {
        int number = slot >>> SEGMENT_SHIFT;
        int index = slot & SLOT_MASK;
        if (number == segments.length) {
            segments = Arrays.copyOf(segments, number + 1);
            segments[number] = Segment.withCapacity(number == 0 ? 64 : SEGMENT_FACES, dimension);
        } else if (index == segments[number].capacity()) {
            segments[number] = segments[number].grownTo(Math.min(SEGMENT_FACES, index * 2), dimension);
        }
        return segments[number];
    }

    /** Heap a stored face takes here: the values, the scale and the code. */
    long bytesPerFace() {
        return QuantizedFace.bytes(dimension) + FaceCode.LONGS * Long.BYTES;
    }

    View view() {
        return new View(segments.clone(), dimension);
    }
}
