package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.engine.work.Refusal;
import dev.ridgeline.engine.work.WorkClass;
import dev.ridgeline.engine.work.WorkPool;
import dev.ridgeline.server.observability.RequestModality;
import dev.ridgeline.server.security.Caller;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Hands a call's CPU work from the gRPC thread to the {@link WorkPool}, in the call's priority
 * class (the method's, or the one the access file gives its caller), with its deadline and
 * cancellation, and answers it when the pool refuses it: DEADLINE_EXCEEDED for a deadline that
 * passed or would pass in the queue, RESOURCE_EXHAUSTED with a retry hint when the work queued
 * ahead outlasts the deadline.
 */
public final class CallScheduler {

    /** gRPC's retry pushback trailer: clients with a retry policy wait this long before trying again. */
    private static final Metadata.Key<String> RETRY_PUSHBACK_MS = Metadata.Key.of("grpc-retry-pushback-ms",
            Metadata.ASCII_STRING_MARSHALLER);

    private final WorkPool pool;

    CallScheduler(WorkPool pool) {
        this.pool = pool;
    }

    /**
     * Answers a unary call with {@code handler}'s value (or the status of its failure), computed
     * on the work pool in the call's context.
     *
     * @param methodClass the method's own class, used unless the caller's access entry names one
     * @param operation   the method, which with the samples' modality and form names the kind of work
     */
    public <T> void answer(WorkClass methodClass, String operation, List<Sample> samples, StreamObserver<T> observer,
                    Supplier<T> handler) {
        Context call = Context.current();
        pool.submit(new WorkPool.Job(classOf(methodClass), kind(operation, samples), deadlineNanos(call),
                call::isCancelled, call.wrap(() -> Statuses.answer(observer, handler)),
                refusal -> observer.onError(status(refusal).asRuntimeException(trailers(refusal)))));
    }

    /** An executor for the items of a bulk stream: each is templated as its own job in the caller's class. */
    Executor items(WorkClass methodClass, String operation) {
        Executor pooled = pool.executor(classOf(methodClass), operation);
        Context call = Context.current();
        return command -> pooled.execute(call.wrap(command));
    }

    private static WorkClass classOf(WorkClass methodClass) {
        return Caller.current().priority().orElse(methodClass);
    }

    /** For example {@code identify/fingerprint/image}: the service times of these differ a hundredfold. */
    private static String kind(String operation, List<Sample> samples) {
        return operation + "/" + RequestModality.of(samples) + "/"
                + (samples.stream().anyMatch(Sample::hasImage) ? "image" : "template");
    }

    private static long deadlineNanos(Context call) {
        Deadline deadline = call.getDeadline();
        return deadline == null ? WorkPool.NO_DEADLINE : System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
    }

    private static Status status(Refusal refusal) {
        Status status = switch (refusal.reason()) {
            case DEADLINE -> Status.DEADLINE_EXCEEDED;
            case CANCELLED -> Status.CANCELLED;
            case OVERLOADED -> Status.RESOURCE_EXHAUSTED;
            case SHUTDOWN -> Status.UNAVAILABLE;
        };
        return status.withDescription(refusal.message());
    }

    private static Metadata trailers(Refusal refusal) {
        Metadata trailers = new Metadata();
        if (refusal.reason() == Refusal.Reason.OVERLOADED) {
            trailers.put(RETRY_PUSHBACK_MS, Long.toString(Math.max(1, TimeUnit.NANOSECONDS.toMillis(refusal.retryAfterNanos()))));
        }
        return trailers;
    }
}
