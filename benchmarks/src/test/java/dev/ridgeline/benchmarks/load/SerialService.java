package dev.ridgeline.benchmarks.load;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A fake service for open-loop tests that answers one call at a time, each taking {@code serviceNanos},
 * on a simulated clock of its own: waiting runs its answers and the sender's timers in time order,
 * the answers due at a time before the timers set for it.
 */
final class SerialService implements BoothCall, SendLoop {

    /** An answer or a timer, due at {@code at}; answers first at equal times, then in the order set. */
    private record Event(long at, int kind, long order, Runnable action) {
    }

    private static final int ANSWER = 0;
    private static final int TIMER = 1;

    final List<Long> sentAt = new ArrayList<>();
    private final long serviceNanos;
    private final Set<Integer> failingCalls;
    private final PriorityQueue<Event> due = new PriorityQueue<>(Comparator.comparingLong(Event::at)
            .thenComparingInt(Event::kind).thenComparingLong(Event::order));
    private long events;
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
        boolean fails = failingCalls.contains(sentAt.size());
        due.add(new Event(busyUntil, ANSWER, events++, () -> {
            if (fails) {
                answer.setException(Status.UNAVAILABLE.asRuntimeException());
            } else {
                answer.set(true);
            }
        }));
        sentAt.add(now);
        return answer;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void runAt(long nanos, Runnable task) {
        due.add(new Event(Math.max(now, nanos), TIMER, events++, task));
    }

    @Override
    public void await(CompletableFuture<?> done) {
        while (!done.isDone()) {
            Event event = due.remove();
            now = Math.max(now, event.at());
            event.action().run();
        }
    }
}
