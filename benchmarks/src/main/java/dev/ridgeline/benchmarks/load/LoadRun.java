package dev.ridgeline.benchmarks.load;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;

/**
 * Drives concurrent booth clients, one thread each making blocking calls back to back, for a
 * window; each client walks the operation mix's schedule, starting at its own index. A call counts when it starts inside the window and is waited for; its latency
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

        /** The outcomes of several operations over the same window, as one. */
        static Outcome combined(Iterable<Outcome> outcomes, double seconds) {
            Histogram latencies = newHistogram();
            Map<Status.Code, Long> errors = new EnumMap<>(Status.Code.class);
            long matches = 0;
            for (Outcome outcome : outcomes) {
                latencies.add(outcome.latencyMicros);
                outcome.errors.forEach((code, count) -> errors.merge(code, count, Long::sum));
                matches += outcome.matches;
            }
            return new Outcome(latencies, errors, matches, seconds);
        }
    }

    private LoadRun() {
    }

    /** A run of one operation. */
    static Outcome run(int clients, Operation operation, BiFunction<Operation, Integer, BoothCall> calls,
                       List<Probe> probes, Duration window) throws InterruptedException {
        return run(clients, OperationMix.only(operation), calls, probes, window).get(operation);
    }

    /**
     * @param calls a call per operation and client index (each client gets its own stubs); client
     *              {@code c} starts at probe {@code c} and steps by the client count, so clients
     *              spread over the probes
     * @return an outcome per operation of the mix
     */
    static Map<Operation, Outcome> run(int clients, OperationMix mix, BiFunction<Operation, Integer, BoothCall> calls,
                                       List<Probe> probes, Duration window) throws InterruptedException {
        long windowEnd = System.nanoTime() + window.toNanos();
        List<Operation> schedule = mix.schedule();
        List<Client> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Map<Operation, BoothCall> clientCalls = new EnumMap<>(Operation.class);
            for (Operation operation : mix.weights().keySet()) {
                clientCalls.put(operation, calls.apply(operation, c));
            }
            Client client = new Client(clientCalls, schedule, probes, c, clients, windowEnd);
            running.add(client);
            client.thread.start();
        }
        double seconds = window.toNanos() / 1e9;
        Map<Operation, Outcome> outcomes = new EnumMap<>(Operation.class);
        for (Operation operation : mix.weights().keySet()) {
            outcomes.put(operation, new Outcome(newHistogram(), new EnumMap<>(Status.Code.class), 0, seconds));
        }
        for (Client client : running) {
            client.thread.join();
            client.tallies.forEach((operation, tally) -> outcomes.merge(operation, tally.outcome(seconds),
                    (a, b) -> Outcome.combined(List.of(a, b), seconds)));
        }
        return outcomes;
    }

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** One booth: its thread and what it measured (read only after the thread ends). */
    private static final class Client implements Runnable {

        final Thread thread;
        final Map<Operation, Tally> tallies = new EnumMap<>(Operation.class);
        private final Map<Operation, BoothCall> calls;
        private final List<Operation> schedule;
        private final List<Probe> probes;
        private final int step;
        private final long windowEnd;
        private int next;
        private int turn;

        Client(Map<Operation, BoothCall> calls, List<Operation> schedule, List<Probe> probes, int index, int step,
               long windowEnd) {
            this.calls = calls;
            this.schedule = schedule;
            this.probes = probes;
            this.next = index;
            this.turn = index;
            this.step = step;
            this.windowEnd = windowEnd;
            this.thread = new Thread(this, "booth-" + index);
        }

        @Override
        public void run() {
            while (System.nanoTime() < windowEnd) {
                Operation operation = schedule.get(turn++ % schedule.size());
                Probe probe = probes.get(next % probes.size());
                next += step;
                tallies.computeIfAbsent(operation, o -> new Tally()).call(calls.get(operation), probe);
            }
        }
    }
}
