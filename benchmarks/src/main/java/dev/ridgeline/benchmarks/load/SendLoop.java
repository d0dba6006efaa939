package dev.ridgeline.benchmarks.load;

import java.util.concurrent.CompletableFuture;

/**
 * The clock an open-loop run keeps its schedule by and the one thread its sends run on. The bench
 * gives it the event loop its channels use ({@link ClientEventLoop}), so a send is one task on the
 * thread that writes it to the socket; tests give it a simulated clock of their own.
 */
interface SendLoop {

    long nanoTime();

    /** Runs {@code task} on the loop's thread once {@link #nanoTime()} has reached {@code nanos} (at once if it has). */
    void runAt(long nanos, Runnable task);

    /** Returns once {@code done} has completed; a simulated loop lets its time pass until then. */
    void await(CompletableFuture<?> done) throws InterruptedException;
}
