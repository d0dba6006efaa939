package dev.ridgeline.engine.gallery;

import java.util.Arrays;

/**
 * Append-only small records in fixed 64 KB segments, addressed by an int (segment and offset):
 * millions of records cost their bytes, not an object header and a reference each. A record
 * never spans two segments. Bytes once appended never change, so a reader holding an older
 * {@link #segments()} array reads every record appended before it took it.
 */
final class ByteLog {

    static final int SEGMENT_SHIFT = 16;
    static final int SEGMENT_BYTES = 1 << SEGMENT_SHIFT;
    private static final int OFFSET_MASK = SEGMENT_BYTES - 1;

    private byte[][] segments = new byte[0][];
    private int used = SEGMENT_BYTES;

    /** Appends {@code length} bytes of {@code record}; returns its address. */
    int append(byte[] record, int length) {
        if (length > SEGMENT_BYTES) {
            throw new IllegalArgumentException("record of " + length + " bytes exceeds a segment");
        }
        if (used + length > SEGMENT_BYTES) {
            segments = Arrays.copyOf(segments, segments.length + 1);
            segments[segments.length - 1] = new byte[SEGMENT_BYTES];
            used = 0;
        }
        byte[] segment = segments[segments.length - 1];
        System.arraycopy(record, 0, segment, used, length);
        int address = ((segments.length - 1) << SEGMENT_SHIFT) | used;
        used += length;
        return address;
    }

    byte[][] segments() {
        return segments;
    }

    static byte[] segment(byte[][] segments, int address) {
        return segments[address >>> SEGMENT_SHIFT];
    }

    static int offset(int address) {
        return address & OFFSET_MASK;
    }

    /** Heap held: every segment, full or not. */
    long bytes() {
        return (long) segments.length * SEGMENT_BYTES;
    }
}
