package dev.ridgeline.engine.gallery;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.finger.CompactFinger;
import java.util.Arrays;

/**
 * A shard's fingers in compact form: every finger's packed minutia pairs one after another in int
 * segments of up to {@value #SEGMENT_INTS} ints, which the first stage streams through in row
 * order, and each finger's serialized SourceAFIS template, deserialized only to be compared.
 * Append-only, as {@link FaceBlock}: a published view reads only the slots it counts while the
 * writer appends past them (or into a grown copy of the first, still small, segment).
 */
final class FingerBlock {

    static final int SEGMENT_SHIFT = 20;
    static final int SEGMENT_INTS = 1 << SEGMENT_SHIFT;
    private static final int OFFSET_MASK = SEGMENT_INTS - 1;
    /** Array header and reference of a template's byte array, as a 64-bit JVM with compressed pointers lays it out. */
    private static final int ARRAY_OVERHEAD = 16 + 4;

    /** What a snapshot reads: pairs of slot s are {@code count[s]} ints from {@code start[s]} (segment, offset). */
    record View(int[][] segments, int[] start, char[] count, byte[][] templates) {
        static final View EMPTY = new View(new int[0][], new int[0], new char[0], new byte[0][]);

        int[] segment(int slot) {
            return segments[start[slot] >>> SEGMENT_SHIFT];
        }

        int offset(int slot) {
            return start[slot] & OFFSET_MASK;
        }

        int pairCount(int slot) {
            return count[slot];
        }

        /** Deserialized for one comparison (about 25 µs on the reference machine). */
        FingerprintTemplate template(int slot) {
            return new FingerprintTemplate(templates[slot]);
        }
    }

    private int[][] segments = new int[0][];
    private int used;
    private int[] start = new int[64];
    private char[] count = new char[64];
    private byte[][] templates = new byte[64][];
    private int fingers;

    /** Appends a finger; returns its slot. */
    int append(CompactFinger finger) {
        int[] pairs = finger.pairs();
        if (pairs.length > Character.MAX_VALUE) {
            throw new IllegalArgumentException(pairs.length + " minutia pairs in one finger");
        }
        int[] segment = writableSegment(pairs.length);
        System.arraycopy(pairs, 0, segment, used, pairs.length);
        if (fingers == start.length) {
            start = Arrays.copyOf(start, fingers * 2);
            count = Arrays.copyOf(count, fingers * 2);
            templates = Arrays.copyOf(templates, fingers * 2);
        }
        int slot = fingers++;
        start[slot] = (segments.length - 1) << SEGMENT_SHIFT | used;
        count[slot] = (char) pairs.length;
        templates[slot] = finger.template();
        used += pairs.length;
        return slot;
    }

    /** The segment {@code length} more ints go into: the last, grown if it is the small first one, or a new one. */
    private int[] writableSegment(int length) {
        int last = segments.length - 1;
        if (last >= 0 && used + length <= segments[last].length) {
            return segments[last];
        }
        if (last == 0 && used + length <= SEGMENT_INTS) {
            segments[0] = Arrays.copyOf(segments[0], Math.min(SEGMENT_INTS, Math.max(2 * segments[0].length, used + length)));
            return segments[0];
        }
        segments = Arrays.copyOf(segments, last + 2);
        segments[last + 1] = new int[last < 0 ? Math.max(4096, length) : SEGMENT_INTS];
        used = 0;
        return segments[last + 1];
    }

    /** Heap a finger takes here: its pairs, its template with the array's overhead, and its slot entries. */
    long bytesOf(int slot) {
        return (long) count[slot] * Integer.BYTES + templates[slot].length + ARRAY_OVERHEAD
                + Integer.BYTES + Character.BYTES;
    }

    View view() {
        return new View(segments.clone(), start, count, templates);
    }
}
