package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.face.CodeDistances;
import dev.ridgeline.engine.face.FaceCode;
import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * First stage of a face-only search over one shard: the {@code wanted} candidate rows closest to
 * the probe by code distance, in row order, ties at the cut going to the lower rows.
 *
 * <p>Beside the distance kernel, a million-face scan spent its time reading the candidate bitmap
 * a row at a time, checking each row's slot, and keeping every distance for a histogram and a
 * second pass. So the candidates are walked as ranges of consecutive rows, each range of
 * consecutive face slots goes to the kernel whole, and only distances at or under a bound are
 * kept. The bound is read from the distances of a sample of the candidates, at several times the
 * share that is wanted; should fewer than {@code wanted} candidates fall under it after all, the
 * scan runs again with no bound. Either way the list is exactly the one a full sort would give.
 *
 * <p>Relies on the shard appending rows and face slots together: face slots rise strictly with the
 * rows, so a range of rows holds consecutive slots exactly when its first and last slots differ by
 * its length less one.
 */
final class FaceFirstStage {

    /** Candidates whose distances set the bound; a shard no larger than a few samples is scanned unbounded. */
    static final int SAMPLE = 16_384;
    /** The bound keeps this many times the wanted share of the sample (and a few more): an 8-sigma margin at a million. */
    private static final int MARGIN = 2;
    private static final int SLACK = 16;
    private static final CodeDistances KERNEL = CodeDistances.best();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final RoaringBitmap candidates;
    private final int[] faceSlots;
    private final FaceBlock.View faces;
    private final long[] probeCode;
    private final Cancellation cancellation;
    private final Scratch scratch = SCRATCH.get();

    private FaceFirstStage(RoaringBitmap candidates, int[] faceSlots, FaceBlock.View faces, long[] probeCode,
                           Cancellation cancellation) {
        this.candidates = candidates;
        this.faceSlots = faceSlots;
        this.faces = faces;
        this.probeCode = probeCode;
        this.cancellation = cancellation;
    }

    /**
     * The {@code wanted} rows of {@code candidates} (every one a face row, more of them than
     * wanted) closest to {@code probeCode}, in row order.
     */
    static int[] shortlist(RoaringBitmap candidates, int[] faceSlots, FaceBlock.View faces, long[] probeCode,
                           int wanted, Cancellation cancellation) {
        return new FaceFirstStage(candidates, faceSlots, faces, probeCode, cancellation)
                .select(candidates.getLongCardinality(), wanted);
    }

    private int[] select(long candidateCount, int wanted) {
        int bound = candidateCount > 4L * SAMPLE ? sampledBound(candidateCount, wanted) : FaceCode.BITS;
        int kept = keepUnder(bound);
        if (kept < wanted) {
            kept = keepUnder(FaceCode.BITS);
        }
        return cut(kept, wanted);
    }

    /** The distance under which, judging by the first {@link #SAMPLE} candidates, well over {@code wanted} lie. */
    private int sampledBound(long candidateCount, int wanted) {
        int[] histogram = scratch.histogram;
        Arrays.fill(histogram, 0);
        short[] distances = scratch.chunk;
        int[] seen = {0};
        walk((firstRow, firstSlot, length) -> {
            int count = Math.min(length, SAMPLE - seen[0]);
            distances(firstSlot, count);
            for (int i = 0; i < count; i++) {
                histogram[distances[i]]++;
            }
            seen[0] += count;
            return seen[0] < SAMPLE;
        });
        long target = MARGIN * (long) SAMPLE * wanted / candidateCount + SLACK;
        int bound = 0;
        for (long below = histogram[0]; below < target && bound < FaceCode.BITS; below += histogram[++bound]) {
            // the smallest distance with the target count at or under it
        }
        return bound;
    }

    /** Keeps, in row order, every candidate at or under distance {@code bound}; returns how many. */
    private int keepUnder(int bound) {
        short[] distances = scratch.chunk;
        int[] kept = {0};
        walk((firstRow, firstSlot, length) -> {
            distances(firstSlot, length);
            for (int i = 0; i < length; i++) {
                if (distances[i] <= bound) {
                    scratch.keep(kept[0]++, firstRow + i, distances[i]);
                }
            }
            return true;
        });
        return kept[0];
    }

    /** The first {@code wanted} by distance of the kept candidates, ties to the lower rows, in row order. */
    private int[] cut(int kept, int wanted) {
        int[] histogram = scratch.histogram;
        Arrays.fill(histogram, 0);
        for (int i = 0; i < kept; i++) {
            histogram[scratch.distances[i]]++;
        }
        int cut = 0;
        int below = 0;
        while (below + histogram[cut] < wanted) {
            below += histogram[cut++];
        }
        int tiesKept = wanted - below;
        int[] shortlist = new int[wanted];
        int taken = 0;
        for (int i = 0; i < kept; i++) {
            int distance = scratch.distances[i];
            if (distance < cut || (distance == cut && tiesKept-- > 0)) {
                shortlist[taken++] = scratch.rows[i];
            }
        }
        return shortlist;
    }

    private void distances(int firstSlot, int count) {
        KERNEL.distances(probeCode, faces.segment(firstSlot).codes(), firstSlot & FaceBlock.SLOT_MASK, count,
                scratch.chunk, 0);
    }

    /** Told of each run of candidates; returns false to end the walk. */
    private interface RunConsumer {
        boolean accept(int firstRow, int firstSlot, int length);
    }

    /**
     * Hands {@code consumer} the candidates in row order as runs of consecutive rows with
     * consecutive face slots in one segment (so at most {@link FaceBlock#SEGMENT_FACES} long),
     * looking at the cancellation every segment's worth of rows.
     */
    private void walk(RunConsumer consumer) {
        int sinceCheck = 0;
        for (long next = candidates.nextValue(0); next >= 0; ) {
            int start = (int) next;
            if (sinceCheck > FaceBlock.SEGMENT_FACES) {
                cancellation.check();
                sinceCheck = 0;
            }
            int end = (int) candidates.nextAbsentValue(start);
            while (start < end) {
                int slot = faceSlots[start];
                int length = Math.min(end - start, FaceBlock.SEGMENT_FACES - (slot & FaceBlock.SLOT_MASK));
                length = consecutiveSlots(start, slot, length);
                if (!consumer.accept(start, slot, length)) {
                    return;
                }
                start += length;
                sinceCheck += length;
            }
            next = end < Integer.MAX_VALUE ? candidates.nextValue(end) : -1;
        }
    }

    /** How many of the {@code length} rows from {@code start} on hold slots {@code slot}, slot + 1, ... */
    private int consecutiveSlots(int start, int slot, int length) {
        if (faceSlots[start + length - 1] == slot + length - 1) {
            return length;
        }
        int low = 1; // rows [start, start + low) are consecutive
        int high = length - 1; // the longest run could be
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (faceSlots[start + middle - 1] == slot + middle - 1) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** A search thread's arrays, reused across searches: a run's distances, the kept candidates, a histogram. */
    private static final class Scratch {
        final short[] chunk = new short[FaceBlock.SEGMENT_FACES];
        final int[] histogram = new int[FaceCode.BITS + 1];
        int[] rows = new int[4096];
        short[] distances = new short[4096];

        void keep(int index, int row, short distance) {
            if (index == rows.length) {
                rows = Arrays.copyOf(rows, index * 2);
                distances = Arrays.copyOf(distances, index * 2);
            }
            rows[index] = row;
            distances[index] = distance;
        }
    }
}
