package dev.ridgeline.server.audit;

import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.FederatedHit;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.FederatedVerifyRequest;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.GetVettingRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.api.v1.VettedEnrollRequest;
import dev.ridgeline.api.v1.VettedEnrollResponse;
import dev.ridgeline.server.observability.CallObserver;
import dev.ridgeline.server.security.Caller;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Writes an audit line for every call to the Ridgeline services, refused ones included: it runs
 * before authentication, and reads the caller when the call closes (inside the caller's context
 * when authentication let it through). A bulk stream gets a line per item, as each item is an
 * enrollment. What it reads from messages is ids and outcomes, nothing else.
 */
public final class AuditInterceptor implements ServerInterceptor {

    /** Liveness probes and tooling: too frequent to audit, and they touch no biometric data. */
    private static final Set<String> UNAUDITED = Set.of(HealthGrpc.SERVICE_NAME, ServerReflectionGrpc.SERVICE_NAME,
            io.grpc.reflection.v1alpha.ServerReflectionGrpc.SERVICE_NAME);

    private final AuditLog log;

    public AuditInterceptor(AuditLog log) {
        this.log = log;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (UNAUDITED.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        AuditedCall<Q, R> audited = new AuditedCall<>(call, headers.get(CallObserver.REQUEST_ID));
        return new SimpleForwardingServerCallListener<>(next.startCall(audited, headers)) {
            @Override
            public void onMessage(Q message) {
                audited.request = message;
                super.onMessage(message);
            }
        };
    }

    private final class AuditedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
        private final String requestId;
        private final String operation;
        private final long started = System.nanoTime();
        private volatile Object request;
        private volatile Object response;

        AuditedCall(ServerCall<Q, R> call, String requestId) {
            super(call);
            this.requestId = requestId;
            this.operation = call.getMethodDescriptor().getBareMethodName();
        }

        @Override
        public void sendMessage(R message) {
            if (message instanceof BulkEnrollResult item) {
                // an item's request is gone by the time its result is sent: the result names it
                write(null, List.of(item.getSubjectId()), List.of(), Status.fromCodeValue(item.getCode()).getCode());
            } else {
                response = message;
            }
            super.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!operation.equals("BulkEnroll") || !status.isOk()) {
                write(gallery(request), requested(request), returned(response), status.getCode());
            }
            super.close(status, trailers);
        }

        private void write(String gallery, List<String> requested, List<String> returned, Status.Code code) {
            Caller caller = Caller.current();
            String name = code == Status.Code.UNAUTHENTICATED ? "unauthenticated" : caller.name();
            VerifyResponse verification = response instanceof VerifyResponse v ? v : null;
            log.write(new AuditLine(Instant.now(), requestId, name, caller.agency(),
                    String.valueOf(getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)), operation,
                    gallery != null ? gallery : gallery(request), requested, returned,
                    verification == null ? null : verification.getDecision().getMatch() ? "match" : "no_match",
                    verification == null ? null : verification.getDecision().getScore(),
                    verification == null ? null : verification.getDecision().getThreshold(),
                    code.name(), (System.nanoTime() - started) / 1e6));
        }
    }

    private static String gallery(Object request) {
        return switch (request) {
            case EnrollRequest r -> r.getGallery();
            case GetSubjectRequest r -> r.getGallery();
            case UpdateAttributesRequest r -> r.getGallery();
            case DeleteSubjectRequest r -> r.getGallery();
            case IdentifyRequest r -> r.getGallery();
            case VerifyRequest r -> r.hasSubject() ? r.getSubject().getGallery() : null;
            case CreateGalleryRequest r -> r.getName();
            case DescribeGalleryRequest r -> r.getName();
            case DeleteGalleryRequest r -> r.getName();
            case FederatedIdentifyRequest r -> String.join(",", r.getGalleriesList());
            case FederatedVerifyRequest r -> r.getGallery();
            case VettedEnrollRequest r -> r.getEnrollment().getGallery();
            case GetVettingRequest r -> r.getGallery();
            case null, default -> null;
        };
    }

    private static List<String> requested(Object request) {
        return switch (request) {
            case EnrollRequest r -> List.of(r.getSubjectId());
            case GetSubjectRequest r -> List.of(r.getSubjectId());
            case UpdateAttributesRequest r -> List.of(r.getSubjectId());
            case DeleteSubjectRequest r -> List.of(r.getSubjectId());
            case VerifyRequest r -> List.of(r.hasSubject() ? r.getSubject().getSubjectId() : "card");
            case FederatedVerifyRequest r -> List.of(r.getReferenceId());
            case VettedEnrollRequest r -> List.of(r.getEnrollment().getSubjectId());
            case GetVettingRequest r -> List.of(r.getSubjectId());
            case null, default -> List.of();
        };
    }

    private static List<String> returned(Object response) {
        return switch (response) {
            case IdentifyResponse r -> r.getCandidatesList().stream().map(Candidate::getSubjectId).toList();
            case FederatedIdentifyResponse r -> r.getHitsList().stream().map(AuditInterceptor::provenance).toList();
            // the vetting's hits; its outcome and action are in the vetting record under the same id
            case VettedEnrollResponse r -> r.getVetting().getHitsList().stream().map(AuditInterceptor::provenance).toList();
            case null, default -> List.of();
        };
    }

    /** DEPLOYMENT/REFERENCE, or DEPLOYMENT/hit where the partner disclosed only that there was one. */
    private static String provenance(FederatedHit hit) {
        return hit.getDeployment() + "/" + (hit.getReferenceId().isEmpty() ? "hit" : hit.getReferenceId());
    }
}
