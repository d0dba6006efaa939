package dev.ridgeline.server.grpc;

import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Makes bytes that are no valid request message an INVALID_ARGUMENT naming the message type.
 * gRPC parses requests before any handler runs and answers a parse failure with UNKNOWN
 * ("Application error processing RPC"), which tells a client nothing. Here a service receives
 * raw bytes and parses them itself; the interceptors and the service inside still see typed
 * messages, and a refusal reaches them as an ordinary close.
 */
final class StrictRequestParsing {

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

    static ServerServiceDefinition of(ServerServiceDefinition service) {
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
            return new ParsingListener<>(definition.getServerCallHandler().startCall(typed, headers), typed);
        };
        return ServerMethodDefinition.create(raw, handler);
    }

    /** The call as the typed interceptors and service see it; remembers whether it was closed. */
    private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<byte[], R> raw;
        private final MethodDescriptor<Q, R> method;
        private volatile boolean closed;

        TypedCall(ServerCall<byte[], R> raw, MethodDescriptor<Q, R> method) {
            this.raw = raw;
            this.method = method;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = true;
            raw.close(status, trailers);
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
                if (!call.closed) {
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                            + requestType(call.method) + " message (" + message.length + " bytes)"), new Metadata());
                }
                return;
            }
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
