package dev.ridgeline.server.federation;

import dev.ridgeline.server.security.ClientCertificates;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the partner of each call on the federation port from its client certificate, against the
 * partner file in force now (not when the connection was made, so a revoked partner's open
 * connection is refused too). A certificate that is no partner's pinned identity (for example one
 * a partner's CA issued in another partner's name) is refused with UNAUTHENTICATED and audited.
 */
final class PartnerAuthentication implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.security");
    private static final Context.Key<PartnerCall> CALL = Context.key("ridgeline-partner-call");

    /** The partner making the current call, and the address it called from. */
    record PartnerCall(Partner partner, String peer) {
    }

    private final Supplier<Partners> partners;
    private final FederationAudit audit;

    PartnerAuthentication(Supplier<Partners> partners, FederationAudit audit) {
        this.partners = partners;
        this.audit = audit;
    }

    static PartnerCall current() {
        return CALL.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String peer = String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        X509Certificate certificate = ClientCertificates.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        Optional<Partner> partner = certificate == null ? Optional.empty() : partners.get().presenting(certificate);
        if (partner.isEmpty()) {
            String reason = certificate == null ? "no client certificate"
                    : "the client certificate '" + certificate.getSubjectX500Principal().getName() + "' issued by '"
                    + certificate.getIssuerX500Principal().getName()
                    + "' is not the pinned identity (CA and subject) of any partner in the partner file";
            LOG.warn("partner call refused: {} from {}: {}", call.getMethodDescriptor().getFullMethodName(), peer, reason);
            audit.write(new PartnerAuditLine(Instant.now(), "inbound", null, null, null, null, peer,
                    call.getMethodDescriptor().getBareMethodName(), null, null, null, null, 0,
                    Status.Code.UNAUTHENTICATED.name(), reason, 0));
            call.close(Status.UNAUTHENTICATED.withDescription(reason), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CALL, new PartnerCall(partner.get(), peer)),
                call, headers, next);
    }
}
