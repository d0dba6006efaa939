package dev.ridgeline.benchmarks.load;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Drives concurrent booth clients, one thread each making blocking calls back to back, for a
 * window. A call counts when it starts inside the window and is waited for; its latency
 * (successful calls only) goes into a per-thread HdrHistogram in microseconds, and failures are
 * counted by status code. A warm-up is a run whose outcome is dropped.
 */
final class LoadRun {

    /** Latencies up to an hour are tracked; three significant digits. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    static final int SIGNIFICANT_DIGITS = 3;

    /** What the measured window saw. */
    record Outcome(Histogram latencyMicros, Map<Status.Code, Long> errors, long matches, double seconds) {

        long operations() {
            return latencyMicros.getTotalCount() + errorCount();
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        double operationsPerSecond() {
            return latencyMicros.getTotalCount() / seconds;
        }
    }

    private LoadRun() {
    }

    /**
     * @param calls one call per client index (each client gets its own stub); client {@code c} starts at
     *              probe {@code c} and steps by the client count, so clients spread over the probes
     */
    static Outcome run(int clients, IntFunction<BoothCall> calls, List<Probe> probes, Duration window)
            throws InterruptedException {
        long windowEnd = System.nanoTime() + window.toNanos();
        List<Client> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(calls.apply(c), probes, c, clients, windowEnd);
            running.add(client);
            client.thread.start();
        }
        Histogram latencies = newHistogram();
        Map<Status.Code, Long> errors = new EnumMap<>(Status.Code.class);
        long matches = 0;
        for (Client client : running) {
            client.thread.join();
            latencies.add(client.latencies);
            client.errors.forEach((code, count) -> errors.merge(code, count, Long::sum));
            matches += client.matches;
        }
        return new Outcome(latencies, errors, matches, window.toNanos() / 1e9);
    }

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** One booth: its thread and what it measured (read only after the thread ends). */
    private static final class Client implements Runnable {

        final Thread thread;
        final Histogram latencies = newHistogram();
        final Map<Status.Code, Long> errors = new EnumMap<>(Status.Code.class);
        long matches;
        private final BoothCall call;
        private final List<Probe> probes;
        private final int step;
        private final long windowEnd;
        private int next;

        Client(BoothCall call, List<Probe> probes, int index, int step, long windowEnd) {
            this.call = call;
            this.probes = probes;
            this.next = index;
            this.step = step;
            this.windowEnd = windowEnd;
            this.thread = new Thread(this, "booth-" + index);
        }

        @Override
        public void run() {
            for (long started = System.nanoTime(); started < windowEnd; started = System.nanoTime()) {
                Probe probe = probes.get(next % probes.size());
                next += step;
                try {
                    boolean match = call.call(probe);
                    latencies.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - started) / 1000));
                    matches += match ? 1 : 0;
                } catch (StatusRuntimeException e) {
                    errors.merge(e.getStatus().getCode(), 1L, Long::sum);
                }
            }
        }
    }
}
