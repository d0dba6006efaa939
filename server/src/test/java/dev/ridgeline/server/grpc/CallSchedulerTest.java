package dev.ridgeline.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.work.WorkClass;
import dev.ridgeline.engine.work.WorkPool;
import dev.ridgeline.server.CompletingObserver;
import dev.ridgeline.server.security.Caller;
import io.grpc.Context;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A call is queued in its method's class, unless the access file gives its caller a class of its own. */
class CallSchedulerTest {

    @Test
    void aCallerWithAPriorityIsServedInItsClassAndOthersInTheirMethods() throws Exception {
        try (WorkPool pool = new WorkPool(1, 0, 1, WorkPool.Listener.NONE)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            pool.submit(new WorkPool.Job(WorkClass.ENROLLMENT, "hold", WorkPool.NO_DEADLINE, () -> false, () -> {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, refusal -> { }));
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            CallScheduler scheduler = new CallScheduler(pool);
            Caller loader = new Caller("loader", "CBSA", List.of(), "token", Optional.of(WorkClass.BULK));

            CompletableFuture<String> loaderVerify = new CompletableFuture<>();
            Context.current().withValue(Caller.KEY, loader).run(() ->
                    scheduler.answer(WorkClass.BOOTH, "verify", List.of(), CompletingObserver.of(loaderVerify), () -> "loader"));
            CompletableFuture<String> boothVerify = new CompletableFuture<>();
            scheduler.answer(WorkClass.BOOTH, "verify", List.of(), CompletingObserver.of(boothVerify), () -> "booth");

            assertThat(pool.queued(WorkClass.BULK)).isEqualTo(1);
            assertThat(pool.queued(WorkClass.BOOTH)).isEqualTo(1);
            release.countDown();
            assertThat(boothVerify.get(5, TimeUnit.SECONDS)).isEqualTo("booth");
            assertThat(loaderVerify.get(5, TimeUnit.SECONDS)).isEqualTo("loader");
        }
    }
}
