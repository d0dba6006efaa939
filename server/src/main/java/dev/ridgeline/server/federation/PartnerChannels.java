package dev.ridgeline.server.federation;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * One mutual-TLS channel per partner, presenting this deployment's certificate and accepting only
 * the partner's pinned identity. A channel is replaced when the partner's entry changes and closed
 * when the partner leaves the file; a replaced channel lets the queries already on it finish.
 */
final class PartnerChannels implements AutoCloseable {

    /** Partner answers carry ids and scores, never images: a small limit bounds what a partner can send. */
    private static final int MAX_INBOUND_BYTES = 4 * 1024 * 1024;

    private record Open(Partner partner, ManagedChannel channel) {
    }

    private final Path certificate;
    private final Path privateKey;
    private final Map<String, Open> open = new HashMap<>();

    PartnerChannels(Path certificate, Path privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** The channel to {@code partner} as the file describes it now. */
    synchronized ManagedChannel channel(Partner partner) {
        Open current = open.get(partner.name());
        if (current != null && current.partner().equals(partner)) {
            return current.channel();
        }
        if (current != null) {
            // graceful: queries already sent on the old channel finish under their own deadline
            current.channel().shutdown();
        }
        ManagedChannel channel = build(partner);
        open.put(partner.name(), new Open(partner, channel));
        return channel;
    }

    /**
     * Closes the channels of partners that left the file or changed, and opens those of partners
     * with an endpoint, so that no query waits for TLS contexts to be built.
     */
    synchronized void retain(Partners partners) {
        open.values().removeIf(current -> {
            boolean stale = !partners.named(current.partner().name()).map(current.partner()::equals).orElse(false);
            if (stale) {
                current.channel().shutdown();
            }
            return stale;
        });
        partners.all().stream().filter(partner -> partner.endpoint() != null).forEach(this::channel);
    }

    private ManagedChannel build(Partner partner) {
        try {
            return NettyChannelBuilder.forTarget(partner.endpoint())
                    .sslContext(GrpcSslContexts.forClient()
                            .keyManager(certificate.toFile(), privateKey.toFile())
                            .trustManager(PartnerTrust.forPartnerServer(partner))
                            .build())
                    .maxInboundMessageSize(MAX_INBOUND_BYTES)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the federation certificate " + certificate + " and key "
                    + privateKey + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(current -> current.channel().shutdownNow());
        open.clear();
    }
}
