package dev.ridgeline.server.grpc;

import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes bytes that are no valid request message an INVALID_ARGUMENT naming the message type.
 * gRPC parses requests before any handler runs and answers a parse failure with UNKNOWN
 * ("Application error processing RPC"), which tells a client nothing. Here a service receives
 * raw bytes and parses them itself; the interceptors and the service inside still see typed
 * messages. A refusal, this one or the transport's of a message over max-message-bytes
 * ({@link TransportRefusals}), reaches every interceptor as an ordinary close: it is made on the
 * call as the service holds it, so it is audited, counted and logged like any other.
 */
final class StrictRequestParsing {

    /** The call being started, for {@link #REACHED_SERVICE} to find while the interceptors start it. */
    private static final Context.Key<TypedCall<?, ?>> STARTING = Context.key("ridgeline-starting-call");

    /** Innermost: notes the call as the service gets it, wrapped by every interceptor. */
    private static final ServerInterceptor REACHED_SERVICE = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            STARTING.get().reachedService(call, Context.current());
            return next.startCall(call, headers);
        }
    };

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private StrictRequestParsing() {
    }

    /** The service behind the interceptors (the first in the list sees a call first), parsing its own requests. */
    static ServerServiceDefinition of(BindableService service, List<ServerInterceptor> interceptors) {
        List<ServerInterceptor> chain = new ArrayList<>(interceptors);
        chain.add(REACHED_SERVICE);
        return strict(ServerInterceptors.interceptForward(service, chain));
    }

    private static ServerServiceDefinition strict(ServerServiceDefinition service) {
        ServiceDescriptor typed = service.getServiceDescriptor();
        List<ServerMethodDefinition<byte[], ?>> methods = service.getMethods().stream()
                .<ServerMethodDefinition<byte[], ?>>map(StrictRequestParsing::parsedByHandler).toList();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(typed.getName())
                .setSchemaDescriptor(typed.getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder strict = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(strict::addMethod);
        return strict.build();
    }

    private static <Q, R> ServerMethodDefinition<byte[], R> parsedByHandler(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        MethodDescriptor<byte[], R> raw = method.toBuilder(BYTES, method.getResponseMarshaller()).build();
        ServerCallHandler<byte[], R> handler = (call, headers) -> {
            TypedCall<Q, R> typed = new TypedCall<>(call, method);
            Context starting = Context.current().withValue(STARTING, typed);
            Context previous = starting.attach();
            try {
                return new ParsingListener<>(definition.getServerCallHandler().startCall(typed, headers), typed);
            } finally {
                starting.detach(previous);
            }
        };
        return ServerMethodDefinition.create(raw, handler);
    }

    /** The call as the typed interceptors and service see it; remembers whether it was closed. */
    private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<byte[], R> raw;
        private final MethodDescriptor<Q, R> method;
        private volatile boolean closed;
        /** The call as the service holds it and the context it was started in; null until the interceptors admit it. */
        private volatile ServerCall<Q, R> intercepted;
        private volatile Context interceptedContext;

        TypedCall(ServerCall<byte[], R> raw, MethodDescriptor<Q, R> method) {
            this.raw = raw;
            this.method = method;
        }

        @SuppressWarnings("unchecked")
        void reachedService(ServerCall<?, ?> call, Context context) {
            this.intercepted = (ServerCall<Q, R>) call;
            this.interceptedContext = context;
        }

        /** Closes the call as its service would, so every interceptor sees the refusal; once. */
        void refuse(Status status) {
            if (closed) {
                return;
            }
            if (intercepted == null) {
                close(status, new Metadata()); // an interceptor never passed the call on
            } else {
                interceptedContext.run(() -> intercepted.close(status, new Metadata()));
            }
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = true;
            // a stream the transport has already closed takes no trailers: the client has its status
            if (!raw.isCancelled()) {
                raw.close(status, trailers);
            }
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }

        @Override
        public void request(int messages) {
            raw.request(messages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            raw.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            raw.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public boolean isCancelled() {
            return raw.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            raw.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            raw.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            raw.setOnReadyThreshold(numBytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return raw.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return raw.getAttributes();
        }

        @Override
        public String getAuthority() {
            return raw.getAuthority();
        }
    }

    /** Parses each message; the first that is not a valid request closes the call with INVALID_ARGUMENT. */
    private static final class ParsingListener<Q, R> extends ServerCall.Listener<byte[]> {
        private final ServerCall.Listener<Q> next;
        private final TypedCall<Q, R> call;
        private boolean refused;
        private boolean delivered;

        ParsingListener(ServerCall.Listener<Q> next, TypedCall<Q, R> call) {
            this.next = next;
            this.call = call;
        }

        @Override
        public void onMessage(byte[] message) {
            if (refused) {
                return;
            }
            Q request;
            try {
                request = call.method.parseRequest(new ByteArrayInputStream(message));
            } catch (RuntimeException e) {
                refused = true;
                call.refuse(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                        + requestType(call.method) + " message (" + message.length + " bytes)"));
                return;
            }
            delivered = true;
            next.onMessage(request);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                next.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            // Only before a message reached the service: after one, the service may close the call itself.
            Status transport = TransportRefusals.current();
            if (transport != null && !delivered) {
                call.refuse(transport);
            }
            next.onCancel();
        }

        @Override
        public void onComplete() {
            next.onComplete();
        }

        @Override
        public void onReady() {
            next.onReady();
        }
    }

    private static String requestType(MethodDescriptor<?, ?> method) {
        return method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> proto
                && proto.getMessagePrototype() instanceof Message message
                ? message.getDescriptorForType().getFullName() : method.getFullMethodName() + " request";
    }
}
