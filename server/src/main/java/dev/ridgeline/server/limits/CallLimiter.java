package dev.ridgeline.server.limits;

import dev.ridgeline.server.security.Caller;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Bounds the calls in progress, per client and in total, so one runaway client (or a flood of
 * them) cannot starve the booths or exhaust memory. A call over a limit is refused at once with
 * RESOURCE_EXHAUSTED naming the limit; nothing is queued. Health checks are never limited: a load
 * balancer must see a busy server as alive.
 */
public final class CallLimiter implements ServerInterceptor {

    private final int maxPerClient;
    private final int maxTotal;
    private final Function<ServerCall<?, ?>, String> clientOf;
    /** Calls in progress per client; a client's entry goes when its last call ends. */
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /** @param clientOf names the client a call comes from ({@link #clientOf}) */
    public CallLimiter(ServiceLimits limits, Function<ServerCall<?, ?>, String> clientOf) {
        this.maxPerClient = limits.maxCallsPerClient();
        this.maxTotal = limits.maxCalls();
        this.clientOf = clientOf;
    }

    /**
     * Who a call counts against: its authenticated principal, so a booth fleet behind one NAT
     * address is not one client; without authentication, its IP address.
     */
    public static String clientOf(ServerCall<?, ?> call) {
        Caller caller = Caller.current();
        if (caller != Caller.ANONYMOUS) {
            return caller.name();
        }
        SocketAddress address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getServiceName().equals(HealthGrpc.SERVICE_NAME)) {
            return next.startCall(call, headers);
        }
        String client = clientOf.apply(call);
        if (!admit(client)) {
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("client '" + client + "' already has "
                    + maxPerClient + " calls in progress; the limit is max-calls-per-client=" + maxPerClient), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        if (total.incrementAndGet() > maxTotal) {
            release(client);
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("the service already has " + maxTotal
                    + " calls in progress; the limit is max-calls=" + maxTotal), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable end = () -> {
            if (released.compareAndSet(false, true)) {
                release(client);
            }
        };
        try {
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onComplete() {
                    end.run();
                    super.onComplete();
                }

                @Override
                public void onCancel() {
                    end.run();
                    super.onCancel();
                }
            };
        } catch (RuntimeException e) {
            end.run();
            throw e;
        }
    }

    private boolean admit(String client) {
        boolean[] admitted = {false};
        inProgress.compute(client, (key, calls) -> {
            int current = calls == null ? 0 : calls;
            if (current >= maxPerClient) {
                return calls;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private void release(String client) {
        total.decrementAndGet();
        inProgress.computeIfPresent(client, (key, calls) -> calls <= 1 ? null : calls - 1);
    }
}
