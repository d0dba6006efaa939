package dev.ridgeline.engine.work;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of threads, one per core, that do the service's CPU work: decoding, extraction
 * and 1:1 scoring. Jobs wait in a queue per {@link WorkClass}, served highest class first and in
 * arrival order within one, so a burst is served first come first served instead of all at once (where every call shares the
 * cores and all finish late together), and a booth never waits behind bulk work.
 *
 * <p>Work is not pre-empted, so a booth arriving while every thread templates a bulk item would
 * wait for one to finish (tens of milliseconds, ten times a template verify). Booth lanes, extra
 * threads that take only booth work, serve it at once instead; they share the cores with the
 * others for that moment, which costs a booth far less than waiting. Bulk work also leaves a core
 * to the rest: it runs on at most {@code bulkThreads} threads at once (one fewer than the cores by
 * default), since a gRPC thread, the collector and a booth lane need a core too, and with every core
 * templating bulk items a booth's tail latency triples.
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

    private record Queued(Job job, long enqueuedNanos, long expectedNanos) {
    }

    private static final Refusal SHUTTING_DOWN = new Refusal(Refusal.Reason.SHUTDOWN, "the service is shutting down", 0);

    private final int threads;
    private final int boothLanes;
    private final int bulkThreads;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Threads waiting for work, the most recently idle last; guarded by {@link #lock}. A queued job
     * wakes exactly one of them (a thread that may take it): waking every sleeper, or a thread and
     * a booth lane, for each job makes the ones that find nothing compete for the cores with the
     * one that serves it, which on two cores shows in a booth's tail latency.
     */
    private final ArrayDeque<Worker> idleThreads = new ArrayDeque<>();
    private final ArrayDeque<Worker> idleLanes = new ArrayDeque<>();
    /** Per class, in arrival order; guarded by {@link #lock}, as are the two fields below. */
    private final List<ArrayDeque<Queued>> queues = new ArrayList<>();
    /** Per class, the expected service time of everything queued in it. */
    private final long[] queuedWorkNanos = new long[WorkClass.values().length];
    /** Threads serving bulk work now. */
    private int bulkRunning;
    private final ServiceTimes serviceTimes = new ServiceTimes();
    private final Worker[] workers;
    private volatile boolean closed;

    /**
     * @param threads    threads that take any work, highest class first: one per core
     * @param boothLanes  further threads that take only booth work
     * @param bulkThreads the most threads that serve bulk work at once (at most {@code threads})
     */
    public WorkPool(int threads, int boothLanes, int bulkThreads, Listener listener) {
        if (threads < 1 || boothLanes < 0 || bulkThreads < 1) {
            throw new IllegalArgumentException("a work pool needs at least one thread, no negative booth lanes and at"
                    + " least one bulk thread, got " + threads + ", " + boothLanes + " and " + bulkThreads);
        }
        this.threads = threads;
        this.boothLanes = boothLanes;
        this.bulkThreads = Math.min(bulkThreads, threads);
        this.listener = listener;
        for (int i = 0; i < queuedWorkNanos.length; i++) {
            queues.add(new ArrayDeque<>());
        }
        this.workers = new Worker[threads + boothLanes];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = i < threads ? new Worker("ridgeline-work-" + (i + 1), false)
                    : new Worker("ridgeline-booth-lane-" + (i - threads + 1), true);
            workers[i].start();
        }
    }

    /** Jobs of a class waiting for a thread. */
    public int queued(WorkClass workClass) {
        lock.lock();
        try {
            return queues.get(workClass.ordinal()).size();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a job, or refuses it at once when the pool is closed or the queue ahead outlasts its deadline. */
    public void submit(Job job) {
        Refusal refusal;
        lock.lock();
        try {
            refusal = admit(job);
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            refuse(job, refusal);
        }
    }

    /** Queues the job and returns null, or returns why not; under {@link #lock}. */
    private Refusal admit(Job job) {
        if (closed) {
            return SHUTTING_DOWN;
        }
        long now = System.nanoTime();
        long expected = serviceTimes.expectedNanos(job.kind());
        if (job.deadlineNanos() != NO_DEADLINE) {
            long leftMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(job.deadlineNanos() - now));
            if (now + expected - job.deadlineNanos() > 0) {
                return new Refusal(Refusal.Reason.DEADLINE, String.format(Locale.ROOT,
                        "the call's deadline leaves %d ms, less than the %d ms this work is expected to take; "
                                + "nothing was done", leftMillis, TimeUnit.NANOSECONDS.toMillis(expected)), 0);
            }
            long wait = expectedWaitNanos(job.workClass());
            if (now + wait + expected - job.deadlineNanos() > 0) {
                return new Refusal(Refusal.Reason.OVERLOADED, String.format(Locale.ROOT,
                        "the service is busy: %s work queued ahead is expected to take %d ms, longer than the %d ms "
                                + "left before the call's deadline; retry later or elsewhere",
                        job.workClass().label(), TimeUnit.NANOSECONDS.toMillis(wait), leftMillis), wait);
            }
        }
        queues.get(job.workClass().ordinal()).addLast(new Queued(job, now, expected));
        queuedWorkNanos[job.workClass().ordinal()] += expected;
        wakeOneFor(job.workClass());
        return null;
    }

    /** Wakes one idle thread that may take work of this class, if there is one; under {@link #lock}. */
    private void wakeOneFor(WorkClass workClass) {
        if (workClass == WorkClass.BULK && bulkRunning >= bulkThreads) {
            return; // the thread ending a bulk job takes the next one
        }
        Worker idle = idleThreads.pollLast();
        if (idle == null && workClass == WorkClass.BOOTH) {
            idle = idleLanes.pollLast();
        }
        if (idle != null) {
            idle.wake();
        }
    }

    /** The next job for a thread: the oldest of the highest class queued (of booth work only, for a lane); null once closed. */
    private Queued next(Worker worker) throws InterruptedException {
        boolean boothLane = worker.boothLane;
        lock.lockInterruptibly();
        try {
            while (!closed) {
                int classes = boothLane ? WorkClass.BOOTH.ordinal() + 1 : queues.size();
                for (int i = 0; i < classes; i++) {
                    boolean bulk = i == WorkClass.BULK.ordinal();
                    Queued queued = bulk && bulkRunning >= bulkThreads ? null : queues.get(i).pollFirst();
                    if (queued != null) {
                        bulkRunning += bulk ? 1 : 0;
                        queuedWorkNanos[i] -= queued.expectedNanos();
                        return queued;
                    }
                }
                (boothLane ? idleLanes : idleThreads).addLast(worker);
                worker.sleepUntilWoken();
            }
            return null;
        } finally {
            lock.unlock();
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

    /**
     * How long the queued work of this class and the classes before it is expected to keep its
     * threads busy; under {@link #lock}.
     */
    private long expectedWaitNanos(WorkClass workClass) {
        long ahead = 0;
        for (int i = 0; i <= workClass.ordinal(); i++) {
            ahead += queuedWorkNanos[i];
        }
        return ahead / switch (workClass) {
            case BOOTH -> threads + boothLanes;
            case ENROLLMENT -> threads;
            case BULK -> bulkThreads;
        };
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

    /** A bulk job left its thread: another may start if bulk work waits. */
    private void bulkEnded() {
        lock.lock();
        try {
            bulkRunning--;
            if (!queues.get(WorkClass.BULK.ordinal()).isEmpty()) {
                wakeOneFor(WorkClass.BULK);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Interrupts the jobs still running and stops the threads; jobs still queued are refused
     * (executor commands run on this thread instead). Close the gRPC server first, so that none are.
     */
    @Override
    public void close() {
        List<Queued> left = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (Worker worker : workers) {
                worker.wake();
            }
            for (int i = 0; i < queues.size(); i++) {
                left.addAll(queues.get(i));
                queues.get(i).clear();
                queuedWorkNanos[i] = 0;
            }
        } finally {
            lock.unlock();
        }
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
        for (Queued queued : left) {
            refuse(queued.job(), SHUTTING_DOWN);
        }
    }

    private final class Worker extends Thread {
        private final boolean boothLane;
        private final Condition woken = lock.newCondition();
        /** Set by {@link #wake}, cleared when the thread goes to sleep; guarded by {@link #lock}. */
        private boolean wakeUp;

        Worker(String name, boolean boothLane) {
            super(name);
            this.boothLane = boothLane;
            setDaemon(true);
        }

        /** Under {@link #lock}, after the thread put itself on an idle list; spurious wake-ups sleep on. */
        void sleepUntilWoken() throws InterruptedException {
            wakeUp = false;
            try {
                while (!wakeUp && !closed) {
                    woken.await();
                }
            } finally {
                // Interrupted (closing) while listed as idle: no job may count on this thread.
                (boothLane ? idleLanes : idleThreads).remove(this);
            }
        }

        /** Under {@link #lock}, after taking the thread off its idle list. */
        void wake() {
            wakeUp = true;
            woken.signal();
        }

        WorkPool pool() {
            return WorkPool.this;
        }

        @Override
        public void run() {
            while (!closed) {
                try {
                    Queued queued = next(this);
                    if (queued != null) {
                        try {
                            serve(queued);
                        } finally {
                            if (queued.job().workClass() == WorkClass.BULK) {
                                bulkEnded();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    // close() interrupts a running job; the loop sees closed
                }
                // A job interrupted by close must not leave the flag for the next wait.
                Thread.interrupted();
            }
        }
    }
}
