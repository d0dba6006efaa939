package dev.ridgeline.benchmarks.load;

/**
 * When an open-loop run means to send each call: call {@code i} at {@code start + i / rate},
 * whatever became of the calls before it. A burst is the schedule with every call at the start.
 *
 * @param ratePerSecond calls per second; infinite for a burst
 */
record Schedule(long startNanos, double ratePerSecond) {

    /** A send this far behind its intended time counts as late: the generator, not the service, fell behind. */
    static final long LATE_NANOS = 1_000_000;

    static Schedule burst(long startNanos) {
        return new Schedule(startNanos, Double.POSITIVE_INFINITY);
    }

    /** The calls a window of {@code seconds} holds at this rate, e.g. 40 for 2 s at 20/s. */
    long callsWithin(double seconds) {
        return Math.round(seconds * ratePerSecond);
    }

    long intendedNanos(long call) {
        return startNanos + spanNanos(call);
    }

    /** From the first intended send to the intended send of call {@code calls}: what {@code calls} calls take at this rate. */
    long spanNanos(long calls) {
        return Double.isInfinite(ratePerSecond) ? 0 : Math.round(calls * 1e9 / ratePerSecond);
    }

    boolean late(long call, long sentNanos) {
        return sentNanos - intendedNanos(call) > LATE_NANOS;
    }
}
