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
