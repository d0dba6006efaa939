package dev.ridgeline.server.observability;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every call a request id (the client's {@code x-request-id}, or a new one), echoes it in the
 * response headers, puts it in the logging context while the call runs, and records the call's
 * latency by method, modality ({@link RequestModality}) and status code: one access-log line and
 * one timer sample per call.
 */
public final class CallObserver implements ServerInterceptor {

    public static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    static final String MDC_KEY = "request_id";
    /** The call's request id in its gRPC context, for services that pass it on (federated queries). */
    private static final Context.Key<String> REQUEST_ID_KEY = Context.key("ridgeline-request-id");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger ACCESS = LoggerFactory.getLogger("ridgeline.access");

    private final MeterRegistry registry;
    /** One timer per method, modality and status code, looked up without building a meter id on every call. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public CallObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    private Timer timer(String method, String modality, Status.Code code) {
        return timers.computeIfAbsent(method + ' ' + modality + ' ' + code, key -> Timer.builder("ridgeline.grpc.server.calls")
                .description("gRPC calls by method, modality and status code")
                .tag("method", method)
                .tag("modality", modality)
                .tag("code", code.name())
                .publishPercentileHistogram()
                .register(registry));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String given = headers.get(REQUEST_ID);
        String requestId = isSafeId(given) ? given : UUID.randomUUID().toString();
        // later interceptors (the audit log) read the id the call is known by from its headers
        headers.discardAll(REQUEST_ID);
        headers.put(REQUEST_ID, requestId);
        String method = call.getMethodDescriptor().getFullMethodName();
        long started = System.nanoTime();
        // Set by the first request message, read when the call closes (both on the call's serialized executor).
        String[] modality = {RequestModality.NONE};
        ServerCall<Q, R> observed = new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                responseHeaders.put(REQUEST_ID, requestId);
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                long nanos = System.nanoTime() - started;
                timer(method, modality[0], status.getCode()).record(nanos, TimeUnit.NANOSECONDS);
                withRequestId(requestId, () -> ACCESS.info("method={} modality={} code={} ms={}", method, modality[0],
                        status.getCode(),
                        String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6)));
                super.close(status, trailers);
            }
        };
        Context context = Context.current().withValue(REQUEST_ID_KEY, requestId);
        ServerCall.Listener<Q> listener = withRequestId(requestId,
                () -> Contexts.interceptCall(context, observed, headers, next));
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                if (RequestModality.NONE.equals(modality[0])) {
                    modality[0] = RequestModality.of(message);
                }
                withRequestId(requestId, () -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                withRequestId(requestId, super::onHalfClose);
            }

            @Override
            public void onCancel() {
                withRequestId(requestId, super::onCancel);
            }

            @Override
            public void onComplete() {
                withRequestId(requestId, super::onComplete);
            }
        };
    }

    /** The request id of the call running on this thread, or null outside a call. */
    public static String currentRequestId() {
        return REQUEST_ID_KEY.get();
    }

    /** Whether {@code id} is one a request id may be: 1-64 of A-Z a-z 0-9 . _ : - (safe in logs and headers). */
    public static boolean isSafeId(String id) {
        return id != null && SAFE_ID.matcher(id).matches();
    }

    private static void withRequestId(String requestId, Runnable action) {
        withRequestId(requestId, () -> {
            action.run();
            return null;
        });
    }

    private static <T> T withRequestId(String requestId, java.util.function.Supplier<T> action) {
        MDC.put(MDC_KEY, requestId);
        try {
            return action.get();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
