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
 * bitmap. The scan reads flat arrays (subject ordinal and face slot per row) and touches a row
 * object only to match a finger or to name a subject that enters the top-K.
 */
record ShardSnapshot(GalleryRow[] rows, int[] subjectOrdinals, int[] faceSlots, int[] fingerSlots, int rowCount,
                     FaceBlock.View faces, FingerBlock.View fingers, Map<String, RoaringBitmap> index,
                     RoaringBitmap deleted) {

    static final ShardSnapshot EMPTY = new ShardSnapshot(new GalleryRow[0], new int[0], new int[0], new int[0], 0,
            FaceBlock.View.EMPTY, FingerBlock.View.EMPTY, Map.of(), new RoaringBitmap());

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

    /** Scores the candidate rows (all, or a face or finger shortlist) and keeps the k best subjects. */
    List<SubjectScore> search(RoaringBitmap candidates, Probe probe, int k, SearchMode mode,
                              Cancellation cancellation) {
        if (mode == SearchMode.TWO_STAGE) {
            int wanted = SearchMode.fingerShortlist(candidates.getLongCardinality(), k);
            RoaringBitmap fingerShortlist = FingerShortlist.select(candidates, probe, wanted, fingerSlots, fingers,
                    subjectOrdinals, rowCount, cancellation);
            if (fingerShortlist != null) {
                candidates = fingerShortlist;
            }
        }
        Shortlist shortlist = mode == SearchMode.TWO_STAGE ? shortlist(candidates, probe, k) : null;
        TopK top = new TopK(k);
        SubjectFold fold = new SubjectFold(probe);
        int currentSubject = -1;
        int currentFirstRow = -1;
        BatchIterator batches = candidates.getBatchIterator();
        int[] batch = new int[BATCH];
        int touched = 0;
        while (batches.hasNext()) {
            cancellation.check();
            int size = batches.nextBatch(batch);
            if (shortlist != null) {
                size = keepWithin(batch, size, shortlist);
                touched += touchVectors(batch, size);
            }
            for (int i = 0; i < size; i++) {
                int row = batch[i];
                if (subjectOrdinals[row] != currentSubject) {
                    offer(top, fold, currentFirstRow);
                    currentSubject = subjectOrdinals[row];
                    currentFirstRow = row;
                }
                compare(probe, row, fold);
            }
        }
        offer(top, fold, currentFirstRow);
        touchSink = touched;
        return top.ranked();
    }

    /** The first stage's verdict: rows within {@code cutoff} code distance of the probe's code are scored. */
    private record Shortlist(long[] probeCode, int cutoff) {
    }

    /** Moves the shortlisted rows of {@code batch} to its front; returns how many. */
    private int keepWithin(int[] batch, int size, Shortlist shortlist) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (codeDistance(shortlist.probeCode(), batch[i]) <= shortlist.cutoff()) {
                batch[kept++] = batch[i];
            }
        }
        return kept;
    }

    /**
     * Reads one byte of every cache line of the shortlisted vectors before any is scored. The
     * shortlist is scattered through the block, so each vector would otherwise cost several
     * memory round trips in turn; these independent loads overlap them. Their sum goes to
     * {@link #touchSink} only so the JIT cannot drop them.
     */
    private int touchVectors(int[] rows, int size) {
        int sum = 0;
        for (int i = 0; i < size; i++) {
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
     * First stage of a face-only search over many rows: the code distance within which the
     * shortlist's rows lie (ties included), from a histogram of every candidate's distance; or
     * null when every row is to be scored. The mate of a probe that an exhaustive search ranks
     * first sits far inside the shortlist (benchmarks/README.md measures how far).
     */
    private Shortlist shortlist(RoaringBitmap candidates, Probe probe, int k) {
        long rows = candidates.getLongCardinality();
        long wanted = Math.max(Math.max(SearchMode.SHORTLIST_MINIMUM, 2L * k),
                (long) Math.ceil(rows * SearchMode.SHORTLIST_SHARE));
        if (probe.hasFingers() || !probe.hasFace() || rows <= wanted) {
            return null;
        }
        long[] probeCode = FaceCode.of(probe.face());
        int[] histogram = new int[FaceCode.BITS + 1];
        BatchIterator batches = candidates.getBatchIterator();
        int[] batch = new int[BATCH];
        while (batches.hasNext()) {
            int size = batches.nextBatch(batch);
            for (int i = 0; i < size; i++) {
                histogram[codeDistance(probeCode, batch[i])]++;
            }
        }
        long kept = 0;
        for (int distance = 0; distance < histogram.length; distance++) {
            kept += histogram[distance];
            if (kept >= wanted) {
                return new Shortlist(probeCode, distance);
            }
        }
        return null;
    }

    private int codeDistance(long[] probeCode, int row) {
        int slot = faceSlots[row];
        return FaceCode.distance(probeCode, faces.segment(slot).codes(), FaceBlock.View.codeOffset(slot));
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
        } else if (probe.hasFingers()) { // skips the row object when only a face probes
            FingerRow finger = (FingerRow) rows[row];
            fold.compareFinger(finger.position(), fingers.template(fingerSlots[row]));
        }
    }

    /** Ends a subject's fold: it enters the top-K if it beats the worst kept (named only then). */
    private void offer(TopK top, SubjectFold fold, int firstRow) {
        if (firstRow >= 0) {
            if (fold.compared()) {
                double score = fold.rankScore();
                if (top.mayAdmit(score)) {
                    String subjectId = rows[firstRow].subjectId();
                    if (top.admits(score, subjectId)) {
                        top.offer(fold.score(subjectId));
                    }
                }
            }
            fold.reset();
        }
    }
}
