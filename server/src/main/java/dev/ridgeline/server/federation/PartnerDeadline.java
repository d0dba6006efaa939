package dev.ridgeline.server.federation;

import io.grpc.Context;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When partners must have answered one federated query: the request's own partner deadline or the
 * server's, never past the caller's gRPC deadline less the time the answer needs to be assembled.
 *
 * @param atNanos the instant, on {@link System#nanoTime()}'s clock
 * @param millis  the time partners were given, as reasons name it
 */
record PartnerDeadline(long atNanos, long millis) {

    /** Kept back from the caller's own deadline, so the merged answer reaches it before that passes. */
    static final long MERGE_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** After the partners' deadline, how long their calls' own deadline handling gets before the answer goes out anyway. */
    static final long BACKSTOP_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

    /** The deadline of a query arriving now in the current call's context; {@code requestedMillis} 0 takes {@code serverDefault}. */
    static PartnerDeadline of(int requestedMillis, Duration serverDefault) {
        long arrived = System.nanoTime();
        long asked = TimeUnit.MILLISECONDS.toNanos(requestedMillis > 0 ? requestedMillis : serverDefault.toMillis());
        Deadline own = Context.current().getDeadline();
        long allowed = own == null ? asked
                : Math.min(asked, own.timeRemaining(TimeUnit.NANOSECONDS) - MERGE_MARGIN_NANOS - BACKSTOP_NANOS);
        return new PartnerDeadline(arrived + allowed, Math.max(0, TimeUnit.NANOSECONDS.toMillis(allowed)));
    }

    long remainingNanos() {
        return atNanos - System.nanoTime();
    }

    /** How long to wait for partners' outcomes before answering without them. */
    long backstopWaitNanos() {
        return Math.max(0, atNanos + BACKSTOP_NANOS - System.nanoTime());
    }
}
