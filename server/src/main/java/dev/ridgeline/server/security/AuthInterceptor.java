package dev.ridgeline.server.security;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call (a bearer token if the call carries one, else the TLS client
 * certificate), puts the {@link Caller} in the call's context for the interceptors and services
 * after it, and lets each request message through only if the {@link AccessPolicy} allows it
 * (the gallery is in the message, and a BulkEnroll stream names one per item).
 * Refusals are logged on {@code ridgeline.security}; the token is never logged or echoed.
 */
public final class AuthInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";
    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.security");

    private final Principals principals;
    private final AccessPolicy policy;

    public AuthInterceptor(Principals principals, AccessPolicy policy) {
        this.principals = principals;
        this.policy = policy;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<AccessPolicy.Rule> rule = policy.rule(method);
        if (rule.isEmpty()) {
            return refuse(call, Status.PERMISSION_DENIED, "method " + method + " has no access rule");
        }
        if (rule.get().open()) {
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            caller = authenticate(headers, call.getAttributes());
        } catch (Refusal refusal) {
            LOG.warn("unauthenticated call to {} from {}: {}", method, remote(call), refusal.getMessage());
            return refuse(call, Status.UNAUTHENTICATED, refusal.getMessage());
        }
        // The caller's context covers the authorisation too, so a refusal is audited under its name.
        ServerCallHandler<Q, R> authorised = (c, h) -> new Authorising<>(next.startCall(c, h), c, caller, rule.get());
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller), call, headers, authorised);
    }

    private Caller authenticate(Metadata headers, Attributes transport) throws Refusal {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new Refusal("the authorization header must read 'Bearer <token>'");
            }
            return principals.byToken(authorization.substring(BEARER.length()).strip())
                    .orElseThrow(() -> new Refusal("the bearer token is not in the access file"));
        }
        X509Certificate certificate = ClientCertificates.of(transport.get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (certificate != null) {
            return principals.byCertificateSubject(certificate.getSubjectX500Principal())
                    .orElseThrow(() -> new Refusal("the client certificate subject '"
                            + certificate.getSubjectX500Principal().getName() + "' is not in the access file"));
        }
        throw new Refusal("no credentials: send the metadata 'authorization: Bearer <token>' or a TLS client certificate");
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String message) {
        call.close(status.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static Object remote(ServerCall<?, ?> call) {
        return call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    }

    /** Passes each request message on only if the caller may send it; closes the call at the first it may not. */
    private final class Authorising<Q> extends SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, ?> call;
        private final Caller caller;
        private final AccessPolicy.Rule rule;
        /** Callbacks arrive one at a time on the call's executor, so a plain field suffices. */
        private boolean denied;

        Authorising(ServerCall.Listener<Q> next, ServerCall<Q, ?> call, Caller caller, AccessPolicy.Rule rule) {
            super(next);
            this.call = call;
            this.caller = caller;
            this.rule = rule;
        }

        @Override
        public void onMessage(Q message) {
            if (denied) {
                return;
            }
            Optional<String> denial = policy.denial(caller, rule, message);
            if (denial.isEmpty()) {
                super.onMessage(message);
                return;
            }
            denied = true;
            String method = call.getMethodDescriptor().getFullMethodName();
            LOG.warn("permission denied: {} from {}: {}", method, remote(call), denial.get());
            call.close(Status.PERMISSION_DENIED.withDescription(denial.get() + " (needed by " + method + ")"),
                    new Metadata());
        }

        @Override
        public void onHalfClose() {
            if (!denied) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!denied) {
                super.onReady();
            }
        }
    }

    /** Why a call is not authenticated; the message goes to the client. */
    private static final class Refusal extends Exception {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
