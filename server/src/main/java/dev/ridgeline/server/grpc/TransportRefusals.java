package dev.ridgeline.server.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Remembers the status the transport closed each call's stream with, for {@link StrictRequestParsing}
 * to read when the call is cancelled. A message over max-message-bytes is refused by gRPC's transport
 * before any handler or interceptor runs: the call only sees a cancellation, with no status, so
 * without this the refusal would have no audit line and no metric, only a Netty stack trace.
 */
final class TransportRefusals extends ServerStreamTracer.Factory {

    private static final Context.Key<AtomicReference<Status>> CLOSED_WITH = Context.key("ridgeline-transport-status");
    /** Held so the filter stays: java.util.logging keeps loggers only weakly. */
    private static final Logger NETTY_STREAM = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");

    static {
        // The refusal is answered, audited and counted; its stack trace at WARNING says nothing more.
        NETTY_STREAM.setFilter(record -> !(record.getThrown() instanceof StatusRuntimeException refusal
                && refusal.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED));
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        AtomicReference<Status> closedWith = new AtomicReference<>();
        return new ServerStreamTracer() {
            @Override
            public Context filterContext(Context context) {
                return context.withValue(CLOSED_WITH, closedWith);
            }

            @Override
            public void streamClosed(Status status) {
                closedWith.set(status);
            }
        };
    }

    /**
     * The status the transport refused the current call with: a message too large (raw or
     * decompressed) is RESOURCE_EXHAUSTED. Null for a call it did not refuse, or one the client cancelled.
     */
    static Status current() {
        AtomicReference<Status> closedWith = CLOSED_WITH.get();
        Status status = closedWith == null ? null : closedWith.get();
        return status != null && status.getCode() == Status.Code.RESOURCE_EXHAUSTED ? status : null;
    }
}
