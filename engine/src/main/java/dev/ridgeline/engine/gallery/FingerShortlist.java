package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.finger.PairVoting;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import java.util.Arrays;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The first stage of a fingers-only search over many rows: every candidate finger is scored by
 * its minutia pairs ({@link PairVoting}, about a microsecond each), and only the best, with the
 * other rows of their subjects, go on to SourceAFIS. See {@link SearchMode} for how many.
 *
 * <p>Two passes: every candidate is scored by single vote cells (two offset grids of wide cells,
 * {@link PairVoting.Scorer#score}), then the best {@link SearchMode#FINGER_RESCORED} times the
 * shortlist are scored again by blocks of narrower cells ({@link PairVoting.Scorer#blockScore}),
 * which costs about twice as much but holds together votes scattered wider than half a cell,
 * and the best of those go on.
 */
final class FingerShortlist {

    private static final int BATCH = 256;

    private FingerShortlist() {
    }

    /**
     * The {@code wanted} best candidate fingers and their subjects' other candidate rows, or null
     * when every candidate is to be scored (not a fingers-only probe, or no more candidates than wanted).
     */
    static RoaringBitmap select(RoaringBitmap candidates, Probe probe, int wanted, int[] fingerSlots,
                                FingerBlock.View fingers, int[] subjectOrdinals, int rowCount,
                                Cancellation cancellation) {
        if (!probe.hasFingers() || probe.hasFace() || candidates.getLongCardinality() <= wanted) {
            return null;
        }
        PairVoting.Scorer[] scorers = probe.fingers().stream().map(ProbeFinger::pairs).map(PairVoting::scorer)
                .toArray(PairVoting.Scorer[]::new);
        BestRows byCells = new BestRows((int) Math.min(Integer.MAX_VALUE, (long) wanted * SearchMode.FINGER_RESCORED));
        BatchIterator batches = candidates.getBatchIterator();
        int[] batch = new int[BATCH];
        while (batches.hasNext()) {
            cancellation.check();
            int size = batches.nextBatch(batch);
            for (int i = 0; i < size; i++) {
                byCells.offer(score(scorers, false, fingers, fingerSlots[batch[i]]), batch[i]);
            }
        }
        cancellation.check();
        BestRows byBlocks = new BestRows(wanted);
        for (int row : byCells.rows()) {
            byBlocks.offer(score(scorers, true, fingers, fingerSlots[row]), row);
        }
        RoaringBitmap chosen = new RoaringBitmap();
        for (int row : byBlocks.rows()) {
            int first = row;
            while (first > 0 && subjectOrdinals[first - 1] == subjectOrdinals[row]) {
                first--;
            }
            int end = row + 1;
            while (end < rowCount && subjectOrdinals[end] == subjectOrdinals[row]) {
                end++;
            }
            chosen.add((long) first, end);
        }
        chosen.and(candidates);
        return chosen;
    }

    /** The best score of any probe finger against the finger in {@code slot}, by cells or by blocks of cells. */
    private static float score(PairVoting.Scorer[] scorers, boolean blocks, FingerBlock.View fingers, int slot) {
        int[] segment = fingers.segment(slot);
        int offset = fingers.offset(slot);
        int count = fingers.pairCount(slot);
        float score = 0;
        for (PairVoting.Scorer scorer : scorers) {
            score = Math.max(score, blocks ? scorer.blockScore(segment, offset, count)
                    : scorer.score(segment, offset, count));
        }
        return score;
    }

    /** The {@code capacity} highest-scoring rows offered: a min-heap on score. */
    static final class BestRows {
        private final float[] scores;
        private final int[] rows;
        private int size;

        BestRows(int capacity) {
            scores = new float[capacity];
            rows = new int[capacity];
        }

        void offer(float score, int row) {
            if (size < scores.length) {
                scores[size] = score;
                rows[size] = row;
                siftUp(size++);
            } else if (score > scores[0]) {
                scores[0] = score;
                rows[0] = row;
                siftDown(0);
            }
        }

        int[] rows() {
            return Arrays.copyOf(rows, size);
        }

        private void siftUp(int at) {
            while (at > 0) {
                int parent = (at - 1) / 2;
                if (scores[parent] <= scores[at]) {
                    return;
                }
                swap(at, parent);
                at = parent;
            }
        }

        private void siftDown(int at) {
            while (true) {
                int smallest = at;
                int left = 2 * at + 1;
                int right = left + 1;
                if (left < size && scores[left] < scores[smallest]) {
                    smallest = left;
                }
                if (right < size && scores[right] < scores[smallest]) {
                    smallest = right;
                }
                if (smallest == at) {
                    return;
                }
                swap(at, smallest);
                at = smallest;
            }
        }

        private void swap(int a, int b) {
            float score = scores[a];
            scores[a] = scores[b];
            scores[b] = score;
            int row = rows[a];
            rows[a] = rows[b];
            rows[b] = row;
        }
    }
}
