package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.ridgeline.api.v1.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientEventLoopTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void timersRunOnTheLoopsOneThreadNoEarlierThanSet() throws InterruptedException {
        try (ClientEventLoop loop = new ClientEventLoop()) {
            int tasks = 20;
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            long[] ranAt = new long[tasks];
            AtomicInteger ran = new AtomicInteger();
            CompletableFuture<Void> done = new CompletableFuture<>();
            long start = loop.nanoTime();
            for (int i = 0; i < tasks; i++) {
                int task = i;
                loop.runAt(start + task * 2 * MS, () -> {
                    ranAt[task] = loop.nanoTime();
                    threads.add(Thread.currentThread());
                    if (ran.incrementAndGet() == tasks) {
                        done.complete(null);
                    }
                });
            }
            loop.await(done);
            assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread());
            for (int i = 0; i < tasks; i++) {
                assertThat(ranAt[i]).isGreaterThanOrEqualTo(start + i * 2 * MS);
            }
        }
    }

    @Test
    void anOpenLoopRunSendsFromTheLoopAndCountsAnswersFromOtherThreads() throws InterruptedException {
        ScheduledExecutorService service = Executors.newSingleThreadScheduledExecutor();
        Set<Thread> senders = ConcurrentHashMap.newKeySet();
        BoothCall answeredAfterAMillisecond = new BoothCall() {
            @Override
            public boolean call(Probe probe) {
                throw new UnsupportedOperationException("open-loop runs start calls");
            }

            @Override
            public ListenableFuture<Boolean> start(Probe probe) {
                senders.add(Thread.currentThread());
                SettableFuture<Boolean> answer = SettableFuture.create();
                service.schedule(() -> answer.set(true), 1, TimeUnit.MILLISECONDS);
                return answer;
            }
        };
        try (ClientEventLoop loop = new ClientEventLoop()) {
            OpenLoopRun.Outcome outcome = OpenLoopRun.run(new Schedule(loop.nanoTime(), 500), 50,
                    List.of(answeredAfterAMillisecond), List.of(new Probe(Sample.getDefaultInstance(), "s")), 1000, loop);
            assertThat(outcome.calls().operations()).isEqualTo(50);
            assertThat(outcome.calls().matches()).isEqualTo(50);
            assertThat(Arrays.stream(outcome.latencyNanos()).min().orElseThrow()).isGreaterThanOrEqualTo(MS);
            assertThat(Arrays.stream(outcome.sendDelayNanos()).min().orElseThrow()).isNotNegative();
            assertThat(senders).hasSize(1).doesNotContain(Thread.currentThread());
        } finally {
            service.shutdownNow();
        }
    }
}
