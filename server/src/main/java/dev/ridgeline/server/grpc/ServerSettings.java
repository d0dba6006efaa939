package dev.ridgeline.server.grpc;

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
 */
public record ServerSettings(String host, int port, int metricsPort, Principals access, TlsFiles tls) {

    /** Plaintext and without authentication: for loopback addresses only. */
    public static ServerSettings open(String host, int port, int metricsPort) {
        return new ServerSettings(host, port, metricsPort, null, null);
    }
}
