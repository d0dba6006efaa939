package dev.ridgeline.engine.work;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of threads, one per core, that do the service's CPU work: decoding, extraction
 * and 1:1 scoring. Jobs wait in one queue ordered by {@link WorkClass}, then by arrival, so a
 * burst is served first come first served instead of all at once (where every call shares the
 * cores and all finish late together), and a booth never waits behind bulk work.
 *
 * <p>Work that cannot be useful is never started: a job whose caller left, whose deadline passed
 * while it waited, or whose deadline would pass before its kind's expected service time, is
 * refused when it reaches the front. A job arriving behind more queued work than its deadline
 * leaves time for is refused at once, with the expected wait as a retry hint (or as past its
 * deadline, when its own expected service time alone is longer than the time left).
 */
public final class WorkPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkPool.class);

    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Sees each job's wait and each refusal, for metrics. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void waited(WorkClass workClass, long nanos) {
        }

        default void refused(WorkClass workClass, Refusal.Reason reason) {
        }
    }

    /**
     * One unit of work.
     *
     * @param kind          what sort of work, for its expected service time (see {@link ServiceTimes})
     * @param deadlineNanos on the {@link System#nanoTime()} clock, or {@link #NO_DEADLINE}
     * @param cancelled     whether its caller has left
     * @param refusal       answers the caller instead of the work; called at most once, instead of {@code work}
     */
    public record Job(WorkClass workClass, String kind, long deadlineNanos, BooleanSupplier cancelled, Runnable work,
                      Consumer<Refusal> refusal) {
    }

    private record Queued(Job job, long sequence, long enqueuedNanos, long expectedNanos) implements Comparable<Queued> {
        @Override
        public int compareTo(Queued other) {
            int byClass = job.workClass().compareTo(other.job.workClass());
            return byClass != 0 ? byClass : Long.compare(sequence, other.sequence);
        }
    }

    private final int threads;
    private final Listener listener;
    private final PriorityBlockingQueue<Queued> queue = new PriorityBlockingQueue<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicInteger[] queuedJobs = new AtomicInteger[WorkClass.values().length];
    /** Per class, the expected service time of everything queued in it. */
    private final AtomicLongArray queuedWorkNanos = new AtomicLongArray(WorkClass.values().length);
    private final ServiceTimes serviceTimes = new ServiceTimes();
    private final Thread[] workers;
    private volatile boolean closed;

    public WorkPool(int threads, Listener listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("a work pool needs at least one thread, got " + threads);
        }
        this.threads = threads;
        this.listener = listener;
        for (int i = 0; i < queuedJobs.length; i++) {
            queuedJobs[i] = new AtomicInteger();
        }
        this.workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Jobs of a class waiting for a thread. */
    public int queued(WorkClass workClass) {
        return queuedJobs[workClass.ordinal()].get();
    }

    /** Queues a job, or refuses it at once when the pool is closed or the queue ahead outlasts its deadline. */
    public void submit(Job job) {
        if (closed) {
            refuse(job, new Refusal(Refusal.Reason.SHUTDOWN, "the service is shutting down", 0));
            return;
        }
        long now = System.nanoTime();
        long expected = serviceTimes.expectedNanos(job.kind());
        if (job.deadlineNanos() != NO_DEADLINE) {
            long wait = expectedWaitNanos(job.workClass());
            if (now + expected - job.deadlineNanos() > 0) {
                refuse(job, new Refusal(Refusal.Reason.DEADLINE, String.format(Locale.ROOT,
                        "the call's deadline leaves %d ms, less than the %d ms this work is expected to take; "
                                + "nothing was done", Math.max(0, TimeUnit.NANOSECONDS.toMillis(job.deadlineNanos() - now)),
                        TimeUnit.NANOSECONDS.toMillis(expected)), 0));
                return;
            }
            if (now + wait + expected - job.deadlineNanos() > 0) {
                refuse(job, new Refusal(Refusal.Reason.OVERLOADED, String.format(Locale.ROOT,
                        "the service is busy: %s work queued ahead is expected to take %d ms, longer than the %d ms "
                                + "left before the call's deadline; retry later or elsewhere",
                        job.workClass().label(), TimeUnit.NANOSECONDS.toMillis(wait),
                        Math.max(0, TimeUnit.NANOSECONDS.toMillis(job.deadlineNanos() - now))), wait));
                return;
            }
        }
        queuedJobs[job.workClass().ordinal()].incrementAndGet();
        queuedWorkNanos.addAndGet(job.workClass().ordinal(), expected);
        Queued queued = new Queued(job, arrivals.incrementAndGet(), now, expected);
        queue.add(queued);
        if (closed && queue.remove(queued)) {
            // close() drained the queue between the check above and the add
            queuedJobs[job.workClass().ordinal()].decrementAndGet();
            refuse(job, new Refusal(Refusal.Reason.SHUTDOWN, "the service is shutting down", 0));
        }
    }

    /**
     * An executor for the parts of one larger piece of work (the items of a bulk batch): each runs
     * as a job of its own, so a booth's call can go between them. On one of this pool's threads it
     * runs inline, so that work already on the pool never waits for a thread of its own pool. Its
     * commands are never dropped: refused ones run on the submitting (or closing) thread.
     */
    public Executor executor(WorkClass workClass, String kind) {
        return command -> {
            if (Thread.currentThread() instanceof Worker worker && worker.pool() == this) {
                command.run();
            } else {
                submit(new Job(workClass, kind, NO_DEADLINE, () -> false, command, refusal -> command.run()));
            }
        };
    }

    /** How long the queued work of this class and the classes before it is expected to keep every thread busy. */
    private long expectedWaitNanos(WorkClass workClass) {
        long ahead = 0;
        for (int i = 0; i <= workClass.ordinal(); i++) {
            ahead += queuedWorkNanos.get(i);
        }
        return ahead / threads;
    }

    private void refuse(Job job, Refusal refusal) {
        listener.refused(job.workClass(), refusal.reason());
        try {
            job.refusal().accept(refusal);
        } catch (RuntimeException e) {
            LOG.warn("refusing {} work failed", job.kind(), e);
        }
    }

    private void serve(Queued queued) {
        Job job = queued.job();
        queuedJobs[job.workClass().ordinal()].decrementAndGet();
        queuedWorkNanos.addAndGet(job.workClass().ordinal(), -queued.expectedNanos());
        long start = System.nanoTime();
        listener.waited(job.workClass(), start - queued.enqueuedNanos());
        if (job.cancelled().getAsBoolean()) {
            refuse(job, new Refusal(Refusal.Reason.CANCELLED, "the caller left while the call was queued", 0));
            return;
        }
        long expected = serviceTimes.expectedNanos(job.kind());
        if (job.deadlineNanos() != NO_DEADLINE && start + expected - job.deadlineNanos() > 0) {
            refuse(job, new Refusal(Refusal.Reason.DEADLINE, String.format(Locale.ROOT,
                    "the deadline %s while the call waited %d ms in the %s queue (expected service time %d ms); "
                            + "nothing was done", start - job.deadlineNanos() >= 0 ? "passed" : "would pass first",
                    TimeUnit.NANOSECONDS.toMillis(start - queued.enqueuedNanos()), job.workClass().label(),
                    TimeUnit.NANOSECONDS.toMillis(expected)), 0));
            return;
        }
        try {
            job.work().run();
        } catch (RuntimeException | Error e) {
            LOG.error("{} work failed outside its own error handling", job.kind(), e);
        } finally {
            serviceTimes.record(job.kind(), System.nanoTime() - start);
        }
    }

    /**
     * Stops the threads once their current jobs end. Jobs still queued are refused (executor
     * commands run on this thread instead); close the gRPC server first, so that none are.
     */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            worker.interrupt();
        }
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Queued left;
        while ((left = queue.poll()) != null) {
            queuedJobs[left.job().workClass().ordinal()].decrementAndGet();
            refuse(left.job(), new Refusal(Refusal.Reason.SHUTDOWN, "the service is shutting down", 0));
        }
    }

    private final class Worker extends Thread {
        Worker(int number) {
            super("ridgeline-work-" + number);
            setDaemon(true);
        }

        WorkPool pool() {
            return WorkPool.this;
        }

        @Override
        public void run() {
            while (!closed) {
                Queued next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    continue;
                }
                serve(next);
                // A job that was interrupted by close must not leave the flag for the next take.
                Thread.interrupted();
            }
        }
    }
}
