package dev.ridgeline.benchmarks.load;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What calls of one operation measured: latencies of successful calls in microseconds, failures by
 * status code, match decisions. Thread-safe, because open-loop calls complete on gRPC's threads.
 */
final class Tally {

    private final Histogram latencies = LoadRun.newHistogram();
    private final Map<Status.Code, Long> errors = new EnumMap<>(Status.Code.class);
    private long matches;

    /** Makes a blocking call and records its latency and decision, or its failure's status code. */
    void call(BoothCall call, Probe probe) {
        long started = System.nanoTime();
        try {
            boolean match = call.call(probe);
            succeeded(System.nanoTime() - started, match);
        } catch (StatusRuntimeException e) {
            failed(e);
        }
    }

    synchronized void succeeded(long latencyNanos, boolean match) {
        latencies.recordValue(Math.min(LoadRun.HIGHEST_MICROS, latencyNanos / 1000));
        matches += match ? 1 : 0;
    }

    /** Counts the failure by its gRPC status code (UNKNOWN for anything that is not a gRPC status). */
    synchronized void failed(Throwable failure) {
        errors.merge(Status.fromThrowable(failure).getCode(), 1L, Long::sum);
    }

    synchronized LoadRun.Outcome outcome(double seconds) {
        return new LoadRun.Outcome(latencies.copy(), new EnumMap<>(errors), matches, seconds);
    }
}
