package dev.ridgeline.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.match.Coverage;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.TopK;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caller's side of a cluster search: sends the search to every member, merges their top-K
 * lists and checks that their partitions add up to all of them. While partitions move (a member
 * joined or left) some are briefly covered by no member: the search is run again until one covers
 * every partition, and fails UNAVAILABLE if none does before the deadline. A partial answer is
 * never returned.
 */
final class ScatterGather {

    private static final long RETRY_PAUSE_MILLIS = 50;

    private final IExecutorService members;
    private final int partitionCount;

    ScatterGather(IExecutorService members, int partitionCount) {
        this.members = members;
        this.partitionCount = partitionCount;
    }

    /**
     * @param deadline     {@link System#nanoTime()} by which an answer is due
     * @param cancellation the caller leaving, or its own deadline passing, stops the retries
     */
    GatheredSearch search(PartitionSearch search, int k, long started, long deadline, Cancellation cancellation) {
        // The refusal reports the attempt that came closest: the last one is cut short by the deadline.
        int bestCovered = -1;
        int bestMembers = 0;
        for (int attempt = 1; ; attempt++) {
            cancellation.check();
            List<MemberAnswer> answers = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<Member, Future<MemberAnswer>> pending : submit(search, failures).entrySet()) {
                try {
                    answers.add(pending.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    failures.add(pending.getKey().getAddress() + " failed: " + e.getCause());
                } catch (TimeoutException e) {
                    cancel(pending.getValue());
                    failures.add(pending.getKey().getAddress() + " did not answer in time");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted during a cluster search", e);
                }
            }
            BitSet covered = new BitSet(partitionCount);
            answers.forEach(answer -> {
                for (int partition : answer.partitions()) {
                    covered.set(partition);
                }
            });
            if (covered.cardinality() == partitionCount) {
                return merge(answers, k, new Coverage(answers.size(), partitionCount, partitionCount, attempt), started);
            }
            if (covered.cardinality() > bestCovered
                    || covered.cardinality() == bestCovered && answers.size() > bestMembers) {
                bestCovered = covered.cardinality();
                bestMembers = answers.size();
            }
            if (deadline - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS)) {
                throw new EngineException(EngineException.Kind.UNAVAILABLE, String.format(
                        "the cluster could not search every partition before the deadline: at best %d of %d covered"
                                + " by %d members in %d attempts (partitions moving between members)%s",
                        bestCovered, partitionCount, bestMembers, attempt,
                        failures.isEmpty() ? "" : "; in the last: " + String.join("; ", failures)));
            }
            pause();
        }
    }

    private static void cancel(Future<MemberAnswer> late) {
        try {
            late.cancel(true);
        } catch (RuntimeException e) {
            // the member has left: nothing is left to cancel
        }
    }

    /** Sending fails outright while a member is leaving: that attempt then covers nothing and is retried. */
    private Map<Member, Future<MemberAnswer>> submit(PartitionSearch search, List<String> failures) {
        try {
            return members.submitToAllMembers(search);
        } catch (RuntimeException e) {
            failures.add("sending the search failed: " + e);
            return Map.of();
        }
    }

    /** A partition handed over during the search may have been searched on two members: each subject counts once. */
    private static GatheredSearch merge(List<MemberAnswer> answers, int k, Coverage coverage, long started) {
        Map<String, SubjectScore> best = new HashMap<>();
        long searched = 0;
        long slowest = 0;
        for (MemberAnswer answer : answers) {
            searched += answer.searched();
            slowest = Math.max(slowest, answer.searchNanos());
            for (SubjectScore score : answer.ranked()) {
                best.merge(score.subjectId(), score, (a, b) -> SubjectScore.compareRank(a, b) <= 0 ? a : b);
            }
        }
        TopK top = new TopK(k);
        top.offerAll(best.values());
        return new GatheredSearch(top.ranked(), searched, coverage, slowest, System.nanoTime() - started);
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted during a cluster search", e);
        }
    }
}
