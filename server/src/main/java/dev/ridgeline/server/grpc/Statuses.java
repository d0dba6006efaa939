package dev.ridgeline.server.grpc;

import dev.ridgeline.engine.EngineException;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps engine refusals to gRPC statuses; anything unexpected becomes INTERNAL and is logged. */
final class Statuses {

    private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);
    /**
     * A status message travels in a header, and clients refuse headers above 8 KB: a message
     * echoing a 100,000-character subject id would turn a clear refusal into INTERNAL. Long ones
     * lose their middle, where an echoed value sits, and keep the verdict at their end.
     */
    private static final int KEPT_HEAD_CHARS = 600;
    private static final int KEPT_TAIL_CHARS = 300;

    private Statuses() {
    }

    static Status of(EngineException e) {
        Status status = switch (e.kind()) {
            case INVALID_INPUT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case UNSUPPORTED -> Status.UNIMPLEMENTED;
            case NOT_INSTALLED -> Status.FAILED_PRECONDITION;
            case CANCELLED -> deadlinePassed() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
            case STORAGE_FAILURE -> Status.INTERNAL;
        };
        return status.withDescription(shortened(e.getMessage()));
    }

    static String shortened(String message) {
        int cut = message == null ? 0 : message.length() - KEPT_HEAD_CHARS - KEPT_TAIL_CHARS;
        if (cut <= 0) {
            return message;
        }
        return message.substring(0, KEPT_HEAD_CHARS) + "...[" + cut + " characters left out]..."
                + message.substring(message.length() - KEPT_TAIL_CHARS);
    }

    private static boolean deadlinePassed() {
        Deadline deadline = Context.current().getDeadline();
        return deadline != null && deadline.isExpired();
    }

    static Status of(Throwable t) {
        if (t instanceof EngineException e) {
            return of(e);
        }
        if (t instanceof StatusRuntimeException e) {
            return e.getStatus();
        }
        LOG.error("unexpected failure", t);
        return Status.INTERNAL.withDescription("internal error: " + t.getClass().getSimpleName());
    }

    /** Runs a unary handler and answers with its value or the status its failure maps to. */
    static <T> void answer(StreamObserver<T> observer, Supplier<T> handler) {
        T value;
        try {
            value = handler.get();
        } catch (RuntimeException e) {
            observer.onError(of(e).asRuntimeException());
            return;
        }
        observer.onNext(value);
        observer.onCompleted();
    }
}
