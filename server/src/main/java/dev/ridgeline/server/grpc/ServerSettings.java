package dev.ridgeline.server.grpc;

import dev.ridgeline.server.audit.AuditSettings;
import dev.ridgeline.server.federation.FederationSettings;
import dev.ridgeline.server.limits.ServiceLimits;
import dev.ridgeline.server.security.Principals;
import dev.ridgeline.server.security.TlsFiles;

/**
 * How the service listens, as {@code serve} options set it.
 *
 * @param host        address to listen on; anything but loopback needs {@code tls} and {@code access}
 * @param port        gRPC port; 0 picks a free one
 * @param metricsPort Prometheus port, or {@link RidgelineServer#NO_METRICS}
 * @param access      the callers and their grants (from {@code --access-file}); null runs without
 *                    authentication, which only a loopback address allows
 * @param tls         certificate, key and optional client CA; null serves plaintext
 * @param limits      message size, bulk stream length, calls in progress per client and in total
 * @param cards       the issuer key card templates are signed with, and the gate card templates pass
 * @param audit       where the audit log goes; null writes none (tests, the demo)
 * @param federation  this deployment's name, partners and federation port; null: no federation
 */
public record ServerSettings(String host, int port, int metricsPort, Principals access, TlsFiles tls,
                             ServiceLimits limits, CardSettings cards, AuditSettings audit,
                             FederationSettings federation) {

    /** Plaintext, without authentication (for loopback addresses only), default limits, no card keys. */
    public static ServerSettings open(String host, int port, int metricsPort) {
        return secured(host, port, metricsPort, null, null);
    }

    /** With these callers and this TLS (either may be null), default limits, no card keys. */
    public static ServerSettings secured(String host, int port, int metricsPort, Principals access, TlsFiles tls) {
        return new ServerSettings(host, port, metricsPort, access, tls, ServiceLimits.DEFAULT, CardSettings.NONE, null,
                null);
    }

    public ServerSettings withLimits(ServiceLimits newLimits) {
        return new ServerSettings(host, port, metricsPort, access, tls, newLimits, cards, audit, federation);
    }

    public ServerSettings withCards(CardSettings newCards) {
        return new ServerSettings(host, port, metricsPort, access, tls, limits, newCards, audit, federation);
    }

    public ServerSettings withFederation(FederationSettings newFederation) {
        return new ServerSettings(host, port, metricsPort, access, tls, limits, cards, audit, newFederation);
    }

    public ServerSettings withAudit(AuditSettings newAudit) {
        return new ServerSettings(host, port, metricsPort, access, tls, limits, cards, newAudit, federation);
    }
}
