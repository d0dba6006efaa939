package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.Cancellation;
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
     * the probe by code distance, in row order, or null when every row is to be scored.
     */
    private int[] faceShortlist(RoaringBitmap candidates, Probe probe, int wanted, Cancellation cancellation) {
        if (probe.hasFingers() || !probe.hasFace()
                || candidates.getLongCardinality() <= Math.max(wanted, SearchMode.SHORTLIST_MINIMUM)) {
            return null;
        }
        return FaceFirstStage.shortlist(candidates, faceSlots, faces, FaceCode.of(probe.face()), wanted, cancellation);
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
