package dev.ridgeline.benchmarks.load;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A fake service for open-loop tests that answers one call at a time, each taking {@code serviceNanos},
 * on a clock of its own: parking until a time first delivers the answers due by then, at their time.
 */
final class SerialService implements BoothCall, NanoClock {

    private record Answer(long at, SettableFuture<Boolean> future, boolean fails) {
    }

    final List<Long> sentAt = new ArrayList<>();
    private final long serviceNanos;
    private final Set<Integer> failingCalls;
    private final PriorityQueue<Answer> due = new PriorityQueue<>(Comparator.comparingLong(Answer::at));
    private long now;
    private long busyUntil;

    SerialService(long serviceNanos, Set<Integer> failingCalls) {
        this.serviceNanos = serviceNanos;
        this.failingCalls = failingCalls;
    }

    @Override
    public boolean call(Probe probe) {
        throw new UnsupportedOperationException("open-loop runs start calls");
    }

    @Override
    public ListenableFuture<Boolean> start(Probe probe) {
        busyUntil = Math.max(now, busyUntil) + serviceNanos;
        SettableFuture<Boolean> answer = SettableFuture.create();
        due.add(new Answer(busyUntil, answer, failingCalls.contains(sentAt.size())));
        sentAt.add(now);
        return answer;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void parkUntil(long nanos) {
        while (!due.isEmpty() && due.peek().at() <= nanos) {
            Answer answer = due.poll();
            now = Math.max(now, answer.at());
            if (answer.fails()) {
                answer.future().setException(Status.UNAVAILABLE.asRuntimeException());
            } else {
                answer.future().set(true);
            }
        }
        now = Math.max(now, nanos);
    }
}
