package dev.ridgeline.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the started service's heap after a full GC (jcmd GC.run) when a run starts, at a
 * fixed interval during it and when it ends, printing each sample: a soak shows its memory is
 * flat. Each sample pauses the service for one full GC.
 */
final class HeapSampler {

    /** Heap in use after a full GC, {@code seconds} into the run. */
    record Sample(double seconds, long bytes) {
    }

    private final ServerProcess server;
    private final long startedNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private HeapSampler(ServerProcess server) {
        this.server = server;
    }

    /** Takes the first sample now, then one every {@code every}. */
    static HeapSampler start(ServerProcess server, Duration every) throws IOException, InterruptedException {
        HeapSampler sampler = new HeapSampler(server);
        sampler.sample();
        sampler.timer.scheduleAtFixedRate(sampler::sampleQuietly, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return sampler;
    }

    /** Takes the last sample and returns them all, in time order. */
    List<Sample> stop() throws IOException, InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(1, TimeUnit.MINUTES);
        sample();
        return List.copyOf(samples);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (IOException e) {
            System.err.println("heap sample failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void sample() throws IOException, InterruptedException {
        long bytes = server.heapUsedAfterGc();
        Sample sample = new Sample((System.nanoTime() - startedNanos) / 1e9, bytes);
        samples.add(sample);
        System.err.printf(Locale.ROOT, "heap after GC at %.0f s: %.1f MB%n", sample.seconds(), bytes / 1e6);
    }
}
