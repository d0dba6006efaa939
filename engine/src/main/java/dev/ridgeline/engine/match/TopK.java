package dev.ridgeline.engine.match;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;

/** Keeps the k best subject scores seen; the heap's head is the worst kept, evicted first. */
public final class TopK {

    private final int k;
    private final PriorityQueue<SubjectScore> heap;

    public TopK(int k) {
        this.k = k;
        this.heap = new PriorityQueue<>(k + 1, (a, b) -> SubjectScore.compareRank(b, a));
    }

    public void offer(SubjectScore score) {
        if (heap.size() < k) {
            heap.add(score);
        } else if (SubjectScore.compareRank(score, heap.peek()) < 0) {
            heap.poll();
            heap.add(score);
        }
    }

    /** False when no subject with this score could be kept, whatever its id: a cheap first check. */
    public boolean mayAdmit(double score) {
        return heap.size() < k || score >= heap.peek().score();
    }

    /** Whether a subject with this score would be kept: lets a scan skip building scores that would not. */
    public boolean admits(double score, String subjectId) {
        if (heap.size() < k) {
            return true;
        }
        SubjectScore worst = heap.peek();
        return score > worst.score() || (score == worst.score() && subjectId.compareTo(worst.subjectId()) < 0);
    }

    public void offerAll(Collection<SubjectScore> scores) {
        scores.forEach(this::offer);
    }

    /** Best first. */
    public List<SubjectScore> ranked() {
        List<SubjectScore> ranked = new ArrayList<>(heap);
        ranked.sort(SubjectScore::compareRank);
        return ranked;
    }
}
