package dev.ridgeline.engine.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkPoolTest {

    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final WorkPool pool = new WorkPool(1, 0, 1, new WorkPool.Listener() {
        @Override
        public void refused(WorkClass workClass, Refusal.Reason reason) {
            refusals.add(workClass.label() + ":" + reason.label());
        }
    });
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        pool.close();
    }

    /** Occupies the pool's only thread until {@link #release} opens. */
    private void holdTheThread() throws InterruptedException {
        holdAThread(pool, release);
    }

    /** Occupies one of {@code target}'s threads with a bulk job until {@code until} opens. */
    private static void holdAThread(WorkPool target, CountDownLatch until) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        target.submit(job(WorkClass.BULK, "hold", WorkPool.NO_DEADLINE, () -> {
            started.countDown();
            await(until);
        }, new AtomicReference<>()));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static WorkPool.Job job(WorkClass workClass, String kind, long deadline, Runnable work,
                                    AtomicReference<Refusal> refusal) {
        return new WorkPool.Job(workClass, kind, deadline, () -> false, work, refusal::set);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves a job of kind "slow" that takes 100 ms, so the pool expects that of the kind. */
    private void serveOneSlowJob() throws InterruptedException {
        pool.submit(job(WorkClass.BOOTH, "slow", WorkPool.NO_DEADLINE, () -> sleep(100), new AtomicReference<>()));
        drain();
    }

    /** Waits until the pool's thread has served everything queued so far. */
    private void drain() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        pool.submit(job(WorkClass.BULK, "drain", WorkPool.NO_DEADLINE, done::countDown, new AtomicReference<>()));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void servesHigherClassesFirstAndArrivalOrderWithinAClass() throws InterruptedException {
        holdTheThread();
        List<String> served = new CopyOnWriteArrayList<>();
        for (String name : List.of("bulk-1", "enrollment-1", "booth-1", "bulk-2", "booth-2", "enrollment-2")) {
            WorkClass workClass = WorkClass.parse(name.substring(0, name.indexOf('-')));
            pool.submit(job(workClass, "x", WorkPool.NO_DEADLINE, () -> served.add(name), new AtomicReference<>()));
        }
        assertThat(pool.queued(WorkClass.BOOTH)).isEqualTo(2);
        assertThat(pool.queued(WorkClass.BULK)).isEqualTo(2);
        release.countDown();
        drain();
        assertThat(served).containsExactly("booth-1", "booth-2", "enrollment-1", "enrollment-2", "bulk-1", "bulk-2");
        assertThat(pool.queued(WorkClass.BOOTH)).isZero();
    }

    @Test
    void aJobWhoseDeadlinePassesInTheQueueIsNeverStarted() throws InterruptedException {
        holdTheThread();
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Refusal> refusal = new AtomicReference<>();
        pool.submit(job(WorkClass.BOOTH, "verify", System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20),
                () -> ran.set(true), refusal));
        Thread.sleep(60);
        release.countDown();
        drain();
        assertThat(ran).isFalse();
        assertThat(refusal.get().reason()).isEqualTo(Refusal.Reason.DEADLINE);
        assertThat(refusal.get().message()).contains("deadline passed", "booth queue", "nothing was done");
        assertThat(refusals).containsExactly("booth:deadline");
    }

    @Test
    void aJobWhoseDeadlineWouldPassBeforeItsExpectedServiceTimeIsNeverStarted() throws InterruptedException {
        serveOneSlowJob();
        holdTheThread();
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Refusal> refusal = new AtomicReference<>();
        // Admitted (nothing queued ahead, 300 ms left > 100 ms expected), then held in the queue
        // until fewer than 100 ms remain.
        pool.submit(job(WorkClass.BOOTH, "slow", System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300),
                () -> ran.set(true), refusal));
        Thread.sleep(250);
        release.countDown();
        drain();
        assertThat(ran).isFalse();
        assertThat(refusal.get().reason()).isEqualTo(Refusal.Reason.DEADLINE);
        assertThat(refusal.get().message()).contains("would pass first");

        // A deadline shorter than the work itself is refused on arrival, as past its deadline:
        // retrying later would not help.
        AtomicReference<Refusal> tooShort = new AtomicReference<>();
        pool.submit(job(WorkClass.BOOTH, "slow", System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30),
                () -> ran.set(true), tooShort));
        assertThat(tooShort.get().reason()).isEqualTo(Refusal.Reason.DEADLINE);
        assertThat(tooShort.get().message()).contains("expected to take");
        assertThat(ran).isFalse();
    }

    @Test
    void aJobArrivingBehindMoreWorkThanItsDeadlineLeavesIsRefusedAtOnceWithARetryHint() throws InterruptedException {
        serveOneSlowJob();
        holdTheThread();
        for (int i = 0; i < 3; i++) {
            pool.submit(job(WorkClass.BOOTH, "slow", WorkPool.NO_DEADLINE, () -> { }, new AtomicReference<>()));
        }
        AtomicReference<Refusal> refusal = new AtomicReference<>();
        pool.submit(job(WorkClass.BOOTH, "slow", System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250),
                () -> { }, refusal));
        assertThat(refusal.get().reason()).isEqualTo(Refusal.Reason.OVERLOADED);
        assertThat(refusal.get().retryAfterNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(250),
                TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(pool.queued(WorkClass.BOOTH)).isEqualTo(3);
        // Bulk work queued behind does not count against a booth call: only its own class and those before it.
        AtomicReference<Refusal> booth = new AtomicReference<>();
        AtomicReference<Refusal> enrollmentBehind = new AtomicReference<>();
        pool.submit(job(WorkClass.ENROLLMENT, "slow", WorkPool.NO_DEADLINE, () -> { }, enrollmentBehind));
        pool.submit(job(WorkClass.BOOTH, "fast", System.nanoTime() + TimeUnit.SECONDS.toNanos(5), () -> { }, booth));
        assertThat(booth.get()).isNull();
    }

    @Test
    void eachJobWakesOneThreadSoIdleThreadsAndLanesSleepThrough() throws InterruptedException {
        try (WorkPool laned = new WorkPool(2, 1, 1, WorkPool.Listener.NONE)) {
            List<Thread> threads = poolThreads();
            awaitAllWaiting(threads);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<String, Long> waitsBefore = new HashMap<>();
            threads.forEach(thread -> waitsBefore.put(thread.getName(), mx.getThreadInfo(thread.threadId()).getWaitedCount()));

            Set<String> servedOn = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                CountDownLatch done = new CountDownLatch(1);
                laned.submit(job(WorkClass.BOOTH, "verify", WorkPool.NO_DEADLINE, () -> {
                    servedOn.add(Thread.currentThread().getName());
                    done.countDown();
                }, new AtomicReference<>()));
                assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
                awaitAllWaiting(threads);
            }
            // One thread, the one last idle, took every job; the others were never woken to find nothing.
            assertThat(servedOn).hasSize(1).allMatch(name -> name.startsWith("ridgeline-work-"));
            for (Thread thread : threads) {
                if (!servedOn.contains(thread.getName())) {
                    assertThat(mx.getThreadInfo(thread.threadId()).getWaitedCount()).as(thread.getName())
                            .isEqualTo(waitsBefore.get(thread.getName()));
                }
            }
        }
    }

    /** The threads of the one pool a test made besides {@link #pool}: the second of each name. */
    private static List<Thread> poolThreads() {
        Map<String, List<Thread>> byName = new HashMap<>();
        Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("ridgeline-work-")
                        || thread.getName().startsWith("ridgeline-booth-lane-"))
                .sorted(Comparator.comparingLong(Thread::threadId))
                .forEach(thread -> byName.computeIfAbsent(thread.getName(), name -> new ArrayList<>()).add(thread));
        return byName.values().stream().map(List::getLast).toList();
    }

    private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        long due = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!threads.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("pool threads idle").isLessThan(due);
            Thread.sleep(1);
        }
    }

    @Test
    void aBoothLaneServesBoothWorkWhileEveryThreadIsBusyAndNothingElse() throws InterruptedException {
        try (WorkPool laned = new WorkPool(1, 1, 1, WorkPool.Listener.NONE)) {
            CountDownLatch held = new CountDownLatch(1);
            holdAThread(laned, held);
            CountDownLatch enrolled = new CountDownLatch(1);
            laned.submit(job(WorkClass.ENROLLMENT, "enroll", WorkPool.NO_DEADLINE, enrolled::countDown,
                    new AtomicReference<>()));
            CountDownLatch verified = new CountDownLatch(1);
            AtomicReference<String> lane = new AtomicReference<>();
            laned.submit(job(WorkClass.BOOTH, "verify", WorkPool.NO_DEADLINE, () -> {
                lane.set(Thread.currentThread().getName());
                verified.countDown();
            }, new AtomicReference<>()));
            assertThat(verified.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(lane.get()).startsWith("ridgeline-booth-lane-");
            assertThat(enrolled.await(200, TimeUnit.MILLISECONDS)).as("the lane takes no enrollment").isFalse();
            held.countDown();
            assertThat(enrolled.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aJobWhoseCallerLeftIsNeverStarted() throws InterruptedException {
        holdTheThread();
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Refusal> refusal = new AtomicReference<>();
        pool.submit(new WorkPool.Job(WorkClass.BOOTH, "verify", WorkPool.NO_DEADLINE, () -> true,
                () -> ran.set(true), refusal::set));
        release.countDown();
        drain();
        assertThat(ran).isFalse();
        assertThat(refusal.get().reason()).isEqualTo(Refusal.Reason.CANCELLED);
    }

    @Test
    void bulkWorkHoldsNoMoreThreadsThanItsShareAndLeavesTheRestToOtherWork() throws InterruptedException {
        try (WorkPool shared = new WorkPool(2, 0, 1, WorkPool.Listener.NONE)) {
            CountDownLatch held = new CountDownLatch(1);
            holdAThread(shared, held);
            CountDownLatch secondItem = new CountDownLatch(1);
            shared.submit(job(WorkClass.BULK, "item", WorkPool.NO_DEADLINE, secondItem::countDown, new AtomicReference<>()));
            CountDownLatch enrolled = new CountDownLatch(1);
            shared.submit(job(WorkClass.ENROLLMENT, "enroll", WorkPool.NO_DEADLINE, enrolled::countDown,
                    new AtomicReference<>()));
            assertThat(enrolled.await(5, TimeUnit.SECONDS)).as("the free thread serves the enrollment").isTrue();
            assertThat(secondItem.await(200, TimeUnit.MILLISECONDS)).as("a second bulk item waits for the first").isFalse();
            assertThat(shared.queued(WorkClass.BULK)).isEqualTo(1);
            held.countDown();
            assertThat(secondItem.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theExecutorRunsInlineOnAPoolThreadSoNestedWorkCannotDeadlock() throws InterruptedException {
        AtomicReference<Thread> outer = new AtomicReference<>();
        AtomicReference<Thread> inner = new AtomicReference<>();
        pool.submit(job(WorkClass.ENROLLMENT, "enroll", WorkPool.NO_DEADLINE, () -> {
            outer.set(Thread.currentThread());
            pool.executor(WorkClass.BULK, "item").execute(() -> inner.set(Thread.currentThread()));
        }, new AtomicReference<>()));
        drain();
        assertThat(inner.get()).isSameAs(outer.get());
        CountDownLatch ranOnPool = new CountDownLatch(1);
        pool.executor(WorkClass.BULK, "item").execute(() -> {
            if (Thread.currentThread().getName().startsWith("ridgeline-work-")) {
                ranOnPool.countDown();
            }
        });
        assertThat(ranOnPool.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closingRefusesQueuedCallsAndRunsQueuedExecutorCommands() throws InterruptedException {
        holdTheThread();
        AtomicReference<Refusal> refusal = new AtomicReference<>();
        pool.submit(job(WorkClass.BOOTH, "verify", WorkPool.NO_DEADLINE, () -> { }, refusal));
        AtomicBoolean itemRan = new AtomicBoolean();
        pool.executor(WorkClass.BULK, "item").execute(() -> itemRan.set(true));
        pool.close();
        // The held job was interrupted and ended; the queued call was refused, the queued item ran.
        assertThat(refusal.get().reason()).isEqualTo(Refusal.Reason.SHUTDOWN);
        assertThat(itemRan).isTrue();
        AtomicReference<Refusal> late = new AtomicReference<>();
        pool.submit(job(WorkClass.BOOTH, "verify", WorkPool.NO_DEADLINE, () -> { }, late));
        assertThat(late.get().reason()).isEqualTo(Refusal.Reason.SHUTDOWN);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
