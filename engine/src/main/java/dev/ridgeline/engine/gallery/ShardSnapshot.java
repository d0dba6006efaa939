package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.TopK;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable view of one shard that searches read without locks. Rows are shared with later
 * snapshots (append-only); bitmaps are private copies. A subject's rows are contiguous, so a
 * search folds them into one subject score as it streams through the candidate bitmap.
 */
record ShardSnapshot(FingerRow[] rows, int rowCount, Map<String, RoaringBitmap> index, RoaringBitmap deleted) {

    static final ShardSnapshot EMPTY = new ShardSnapshot(new FingerRow[0], 0, Map.of(), new RoaringBitmap());

    int liveRows() {
        return rowCount - deleted.getCardinality();
    }

    /** Live rows that pass the filter and hold a finger the probe can compare with. */
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
        if (!probe.anyUnknownPosition()) {
            List<String> positions = new ArrayList<>();
            positions.add("0");
            probe.fingers().forEach(f -> positions.add(Integer.toString(f.position())));
            result.and(union(Attributes.FINGER_POSITION, positions));
        }
        return result;
    }

    private RoaringBitmap union(String attribute, List<String> values) {
        RoaringBitmap union = new RoaringBitmap();
        for (String value : values) {
            RoaringBitmap rows = index.get(Attributes.indexKey(attribute, value));
            if (rows != null) {
                union.or(rows);
            }
        }
        return union;
    }

    /** Comparisons between two looks at the cancellation: about 10 ms of matching. */
    private static final int CANCELLATION_STRIDE = 256;

    /** Scores every candidate row and keeps the k best subjects. */
    List<SubjectScore> search(RoaringBitmap candidates, Probe probe, int k, Cancellation cancellation) {
        TopK top = new TopK(k);
        String currentSubject = null;
        Probe.Match best = null;
        PeekableIntIterator it = candidates.getIntIterator();
        int scored = 0;
        while (it.hasNext()) {
            if (++scored % CANCELLATION_STRIDE == 0) {
                cancellation.check();
            }
            FingerRow row = rows[it.next()];
            if (!row.subjectId().equals(currentSubject)) {
                offer(top, currentSubject, best);
                currentSubject = row.subjectId();
                best = null;
            }
            Probe.Match match = probe.bestAgainst(row.position(), row.template());
            if (match != null && (best == null || match.score() > best.score())) {
                best = match;
            }
        }
        offer(top, currentSubject, best);
        return top.ranked();
    }

    /** Best comparison of the probe against a subject's rows, or null if none is live or comparable. */
    Probe.Match bestOfRows(int firstRow, int count, Probe probe) {
        Probe.Match best = null;
        for (int row = firstRow; row < Math.min(firstRow + count, rowCount); row++) {
            if (!deleted.contains(row)) {
                Probe.Match match = probe.bestAgainst(rows[row].position(), rows[row].template());
                if (match != null && (best == null || match.score() > best.score())) {
                    best = match;
                }
            }
        }
        return best;
    }

    private static void offer(TopK top, String subjectId, Probe.Match best) {
        if (subjectId != null && best != null) {
            top.offer(new SubjectScore(subjectId, best.score(), best.probePosition(), best.referencePosition()));
        }
    }
}
