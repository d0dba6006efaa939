package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.face.CodeDistances;
import dev.ridgeline.engine.face.FaceCode;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.SubjectFold;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.TopK;
import dev.ridgeline.engine.template.Modality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable view of one shard that searches read without locks. Rows and face vectors are
 * shared with later snapshots (append-only); bitmaps are private copies. A subject's rows are
 * contiguous, so a search folds them into one subject score as it streams through the candidate
 * bitmap. The scan reads flat per-row arrays (subject ordinal, face or finger slot, finger
 * position) and decodes a subject's id only when the subject enters the top-K.
 */
record ShardSnapshot(SubjectTable.Names names, int[] subjectOrdinals, int[] faceSlots, int[] fingerSlots,
                     byte[] fingerPositions, int rowCount, FaceBlock.View faces, FingerBlock.View fingers,
                     Map<String, RoaringBitmap> index, RoaringBitmap deleted) {

    static final ShardSnapshot EMPTY = new ShardSnapshot(new SubjectTable().names(), new int[0], new int[0], new int[0],
            new byte[0], 0, FaceBlock.View.EMPTY, FingerBlock.View.EMPTY, Map.of(), new RoaringBitmap());

    int liveRows() {
        return rowCount - deleted.getCardinality();
    }

    long liveRows(Modality modality) {
        return RoaringBitmap.andNotCardinality(rowsOf(Attributes.modalityKey(modality)), deleted);
    }

    /** Live rows that pass the filter and hold a template the probe can compare with. */
    RoaringBitmap candidates(AttributeFilter filter, Probe probe) {
        RoaringBitmap result = RoaringBitmap.bitmapOfRange(0, rowCount);
        result.andNot(deleted);
        for (AttributeFilter.Clause clause : filter.clauses()) {
            RoaringBitmap matching = union(clause.attribute(), clause.anyOf());
            if (clause.negate()) {
                result.andNot(matching);
            } else {
                result.and(matching);
            }
        }
        result.and(comparable(probe));
        return result;
    }

    /** Rows of the probe's modalities; for fingers of known positions, only those positions (or unknown). */
    private RoaringBitmap comparable(Probe probe) {
        RoaringBitmap comparable = new RoaringBitmap();
        if (probe.hasFingers()) {
            if (probe.anyUnknownPosition()) {
                comparable.or(rowsOf(Attributes.modalityKey(Modality.FINGERPRINT)));
            } else {
                List<String> positions = new ArrayList<>();
                positions.add("0");
                probe.fingers().forEach(f -> positions.add(Integer.toString(f.position())));
                comparable.or(union(Attributes.FINGER_POSITION, positions));
            }
        }
        if (probe.hasFace()) {
            comparable.or(rowsOf(Attributes.modalityKey(Modality.FACE)));
        }
        return comparable;
    }

    private RoaringBitmap rowsOf(String key) {
        RoaringBitmap rows = index.get(key);
        return rows == null ? new RoaringBitmap() : rows;
    }

    private RoaringBitmap union(String attribute, List<String> values) {
        RoaringBitmap union = new RoaringBitmap();
        for (String value : values) {
            union.or(rowsOf(Attributes.indexKey(attribute, value)));
        }
        return union;
    }

    /** Candidate rows read from the bitmap at a time, and between two looks at the cancellation (about 10 ms of finger matching). */
    private static final int BATCH = 256;
    private static final int CACHE_LINE = 64;
    /** Written once per two-stage search, see {@link #touchVectors}. */
    @SuppressWarnings("unused")
    private static volatile int touchSink;
    /** Per search thread: each candidate row and its code distance, in candidate order (reused: a shard may hold millions). */
    private static final ThreadLocal<FirstStageScratch> FIRST_STAGE = ThreadLocal.withInitial(FirstStageScratch::new);
    private static final CodeDistances CODE_DISTANCES = CodeDistances.best();

    /**
     * Scores the candidate rows and keeps the k best subjects. In {@link SearchMode#TWO_STAGE} a
     * face-only probe scores only the {@code faceShortlist} rows closest by code, a fingers-only
     * probe a shortlist by minutia pairs; otherwise every candidate.
     */
    List<SubjectScore> search(RoaringBitmap candidates, Probe probe, int k, SearchMode mode, int faceShortlist,
                              Cancellation cancellation) {
        TopK top = new TopK(k);
        SubjectFold fold = new SubjectFold(probe);
        Scan scan = new Scan(probe, top, fold);
        int[] faceRows = mode == SearchMode.TWO_STAGE ? faceShortlist(candidates, probe, faceShortlist, cancellation)
                : null;
        if (faceRows != null) {
            for (int from = 0; from < faceRows.length; from += BATCH) {
                cancellation.check();
                int to = Math.min(from + BATCH, faceRows.length);
                touchSink = touchVectors(faceRows, from, to);
                scan.rows(faceRows, from, to);
            }
        } else {
            if (mode == SearchMode.TWO_STAGE) {
                int wanted = SearchMode.fingerShortlist(candidates.getLongCardinality(), k);
                RoaringBitmap fingerShortlist = FingerShortlist.select(candidates, probe, wanted, fingerSlots, fingers,
                        subjectOrdinals, rowCount, cancellation);
                if (fingerShortlist != null) {
                    candidates = fingerShortlist;
                }
            }
            BatchIterator batches = candidates.getBatchIterator();
            int[] batch = new int[BATCH];
            while (batches.hasNext()) {
                cancellation.check();
                scan.rows(batch, 0, batches.nextBatch(batch));
            }
        }
        scan.end();
        return top.ranked();
    }

    /** One pass over rows in ascending order: a subject's contiguous rows fold into one score before it is offered. */
    private final class Scan {
        private final Probe probe;
        private final TopK top;
        private final SubjectFold fold;
        private int currentSubject = -1;
        private int currentFirstRow = -1;

        Scan(Probe probe, TopK top, SubjectFold fold) {
            this.probe = probe;
            this.top = top;
            this.fold = fold;
        }

        /** Scores rows[from..to). */
        void rows(int[] rows, int from, int to) {
            for (int i = from; i < to; i++) {
                int row = rows[i];
                if (subjectOrdinals[row] != currentSubject) {
                    offer(top, fold, currentFirstRow);
                    currentSubject = subjectOrdinals[row];
                    currentFirstRow = row;
                }
                compare(probe, row, fold);
            }
        }

        void end() {
            offer(top, fold, currentFirstRow);
        }
    }

    /**
     * Reads one byte of every cache line of the shortlisted vectors before any is scored. The
     * shortlist is scattered through the block, so each vector would otherwise cost several
     * memory round trips in turn; these independent loads overlap them. Their sum goes to
     * {@link #touchSink} only so the JIT cannot drop them.
     */
    private int touchVectors(int[] rows, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            int slot = faceSlots[rows[i]];
            byte[] values = faces.segment(slot).values();
            int offset = faces.offset(slot);
            for (int line = 0; line < faces.dimension(); line += CACHE_LINE) {
                sum += values[offset + line];
            }
        }
        return sum;
    }

    /**
     * First stage of a face-only search over many rows: the {@code wanted} candidates closest to
     * the probe by code distance, in row order (ties at the cut go to the lower rows), or null
     * when every row is to be scored. One pass over the bitmap computes each candidate's distance
     * and their histogram, which gives the cut; a second pass reads the rows and distances back
     * from the scratch arrays, not the codes or the bitmap.
     */
    private int[] faceShortlist(RoaringBitmap candidates, Probe probe, int wanted, Cancellation cancellation) {
        long rows = candidates.getLongCardinality();
        if (probe.hasFingers() || !probe.hasFace() || rows <= Math.max(wanted, SearchMode.SHORTLIST_MINIMUM)) {
            return null;
        }
        long[] probeCode = FaceCode.of(probe.face());
        FirstStageScratch scratch = FIRST_STAGE.get().ensure((int) rows);
        int[] candidateRows = scratch.rows;
        short[] distances = scratch.distances;
        int[] histogram = new int[FaceCode.BITS + 1];
        BatchIterator batches = candidates.getBatchIterator();
        int next = 0;
        while (batches.hasNext()) {
            cancellation.check();
            int size = batches.nextBatch(scratch.batch);
            System.arraycopy(scratch.batch, 0, candidateRows, next, size);
            codeDistances(probeCode, candidateRows, next, size, distances);
            for (int i = next; i < next + size; i++) {
                histogram[distances[i]]++;
            }
            next += size;
        }
        int cut = 0;
        int below = 0;
        while (below + histogram[cut] < wanted) {
            below += histogram[cut++];
        }
        int tiesKept = wanted - below;
        int[] shortlist = new int[wanted];
        int kept = 0;
        for (int i = 0; i < next; i++) {
            int distance = distances[i];
            if (distance < cut || (distance == cut && tiesKept-- > 0)) {
                shortlist[kept++] = candidateRows[i];
            }
        }
        return shortlist;
    }

    /** A search thread's first-stage arrays, grown by half again when a shard outgrows them. */
    private static final class FirstStageScratch {
        final int[] batch = new int[BATCH * 16];
        int[] rows = new int[0];
        short[] distances = new short[0];

        FirstStageScratch ensure(int candidates) {
            if (rows.length < candidates) {
                int length = Math.max(candidates, rows.length + rows.length / 2);
                rows = new int[length];
                distances = new short[length];
            }
            return this;
        }
    }

    /**
     * The code distance of each of {@code rows[from..from + count)} into the same places of
     * {@code out}. Rows' face slots rise with the rows, so candidates that are consecutive rows
     * are mostly consecutive slots: each such run within a segment goes to the kernel at once.
     */
    private void codeDistances(long[] probeCode, int[] rows, int from, int count, short[] out) {
        int start = from;
        int end = from + count;
        while (start < end) {
            int firstSlot = faceSlots[rows[start]];
            int segmentEnd = (firstSlot | FaceBlock.SLOT_MASK) + 1;
            int runEnd = start + 1;
            while (runEnd < end && faceSlots[rows[runEnd]] == firstSlot + (runEnd - start)
                    && firstSlot + (runEnd - start) < segmentEnd) {
                runEnd++;
            }
            CODE_DISTANCES.distances(probeCode, faces.segment(firstSlot).codes(), firstSlot & FaceBlock.SLOT_MASK,
                    runEnd - start, out, start);
            start = runEnd;
        }
    }

    /** A subject's score from its live rows, or null when none is comparable with the probe. */
    SubjectScore scoreRows(String subjectId, int firstRow, int count, Probe probe) {
        SubjectFold fold = new SubjectFold(probe);
        for (int row = firstRow; row < Math.min(firstRow + count, rowCount); row++) {
            if (!deleted.contains(row)) {
                compare(probe, row, fold);
            }
        }
        return fold.score(subjectId);
    }

    private void compare(Probe probe, int row, SubjectFold fold) {
        int slot = faceSlots[row];
        if (slot >= 0) {
            fold.compareFace(faces.segment(slot).values(), faces.offset(slot), faces.scale(slot));
        } else if (probe.hasFingers()) {
            fold.compareFinger(fingerPositions[row], fingers.template(fingerSlots[row]));
        }
    }

    /** Ends a subject's fold: it enters the top-K if it beats the worst kept (named only then). */
    private void offer(TopK top, SubjectFold fold, int firstRow) {
        if (firstRow >= 0) {
            if (fold.compared()) {
                double score = fold.rankScore();
                if (top.mayAdmit(score)) {
                    String subjectId = names.id(subjectOrdinals[firstRow]);
                    if (top.admits(score, subjectId)) {
                        top.offer(fold.score(subjectId));
                    }
                }
            }
            fold.reset();
        }
    }
}
