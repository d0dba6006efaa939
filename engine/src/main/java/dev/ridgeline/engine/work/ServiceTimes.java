package dev.ridgeline.engine.work;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A moving average of how long each kind of work takes to serve, so a queued job whose deadline
 * would pass before it could finish is refused instead of started. Kinds are the caller's (for
 * example {@code identify/fingerprint/image}): a template verify and an image identify differ a
 * hundredfold, and one average over both would refuse the cheap one.
 */
final class ServiceTimes {

    /** Weight of the newest observation: about the last ten jobs of a kind count. */
    private static final double WEIGHT = 0.1;
    private static final long UNKNOWN = 0;

    private final ConcurrentHashMap<String, AtomicLong> averageNanos = new ConcurrentHashMap<>();

    /** The expected service time of a kind, or 0 before one of its jobs has been served. */
    long expectedNanos(String kind) {
        AtomicLong average = averageNanos.get(kind);
        return average == null ? UNKNOWN : average.get();
    }

    void record(String kind, long nanos) {
        averageNanos.computeIfAbsent(kind, k -> new AtomicLong(UNKNOWN))
                .accumulateAndGet(nanos, (average, observed) -> average == UNKNOWN ? observed
                        : Math.round(average + WEIGHT * (observed - average)));
    }
}
