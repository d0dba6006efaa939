package dev.ridgeline.server.federation;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.server.audit.AuditLog;
import dev.ridgeline.server.grpc.CallScheduler;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This deployment among its partners: the partner file in force, the channels to partners (for
 * federated queries from local callers) and the federation port partners call, which speaks mutual
 * TLS only and admits only partners' pinned identities.
 */
public final class Federation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.federation");
    /** A partner's query carries templates (or images where agreed); 16 MB bounds what it may send. */
    private static final int MAX_PARTNER_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final PartnerRegistry registry;
    private final PartnerChannels channels;
    private final List<BindableService> local;
    private final GalleryCopies copies;
    private GalleryPublicationService publishing;
    private final VettingRecords vettings;
    /** The names of the programmes whose enrollments are vetted here. */
    private final Set<String> programmes;
    private final Server listener;

    private Federation(FederationSettings settings, String host, Path dataDirectory, Ridgeline engine,
                       CallScheduler scheduler, AuditLog auditLog) throws IOException {
        checkFile(settings.certificate(), "--federation-cert");
        checkFile(settings.privateKey(), "--federation-key");
        this.registry = new PartnerRegistry(settings.partnersFile(), settings.reloadInterval());
        this.channels = new PartnerChannels(settings.certificate(), settings.privateKey());
        FederationAudit audit = new FederationAudit(auditLog);
        FederatedMatchingService matching = new FederatedMatchingService(settings.deployment(), engine, scheduler,
                registry::current, new PartnerAsking(channels, audit), settings.partnerDeadline());
        this.copies = new GalleryCopies(engine, channels, copiesDirectory(dataDirectory), audit);
        try {
            Map<String, Programme> programmes = settings.programmesFile() == null ? Map.of()
                    : ProgrammeFile.load(settings.programmesFile());
            this.programmes = programmes.keySet();
            this.vettings = programmes.isEmpty() ? null
                    : new VettingRecords(dataDirectory.resolve("federation").resolve("vetting.log"));
            this.local = vettings == null ? List.of(matching)
                    : List.of(matching, new VettingService(programmes, matching, engine, scheduler, vettings));
            channels.retain(registry.current());
            registry.onChange(channels::retain);
            copies.retain(registry.current());
            registry.onChange(copies::retain);
            this.listener = settings.port() == FederationSettings.NO_PORT ? null
                    : listen(settings, host, dataDirectory, engine, scheduler, audit);
        } catch (IOException | RuntimeException e) {
            copies.close();
            channels.close();
            registry.close();
            closeVettings();
            throw e;
        }
    }

    private Server listen(FederationSettings settings, String host, Path dataDirectory, Ridgeline engine,
                          CallScheduler scheduler, FederationAudit audit) throws IOException {
        PartnerUsage usage = new PartnerUsage(dataDirectory.resolve("federation").resolve("usage.json"), Clock.systemUTC());
        PartnerMatchingService answering = new PartnerMatchingService(settings.deployment(), engine, scheduler, usage, audit);
        publishing = new GalleryPublicationService(engine,
                engine instanceof RidgelineEngine node ? node.changeFeed() : null, registry::current,
                Pseudonyms.keptIn(dataDirectory.resolve("federation").resolve("pseudonym.key")), audit);
        PartnerAuthentication authentication = new PartnerAuthentication(registry::current, audit);
        return NettyServerBuilder.forAddress(new InetSocketAddress(host, settings.port()))
                .sslContext(serverContext(settings))
                .maxInboundMessageSize(MAX_PARTNER_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(answering, authentication))
                .addService(ServerInterceptors.intercept(publishing, authentication))
                .build()
                .start();
    }

    /**
     * Reads the partner file and starts the federation port (unless {@link FederationSettings#NO_PORT}).
     * A bad setting is an {@link IllegalArgumentException} naming it.
     */
    public static Federation start(FederationSettings settings, String host, Path dataDirectory, Ridgeline engine,
                                   CallScheduler scheduler, AuditLog audit) throws IOException {
        try {
            GalleryConfig.checkName(settings.deployment());
        } catch (EngineException e) {
            throw new IllegalArgumentException("--deployment-name: " + e.getMessage().replace("gallery name", "name"));
        }
        Federation federation = new Federation(settings, host, dataDirectory, engine, scheduler, audit);
        LOG.info("deployment '{}': partners {} from {}{}", settings.deployment(),
                federation.registry.current().byName().keySet(), settings.partnersFile(),
                federation.listener == null ? ", answering none (no --federation-port)"
                        : ", answering them on port " + federation.port());
        if (!federation.programmes.isEmpty()) {
            LOG.info("vetting enrollments into programmes {} from {}", new TreeSet<>(federation.programmes),
                    settings.programmesFile());
        }
        return federation;
    }

    private SslContext serverContext(FederationSettings settings) {
        try {
            return GrpcSslContexts.forServer(settings.certificate().toFile(), settings.privateKey().toFile())
                    .trustManager(PartnerTrust.forPartnerClients(registry::current))
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use the federation certificate " + settings.certificate()
                    + " and key " + settings.privateKey() + ": " + e.getMessage()
                    + " (PEM certificates and an unencrypted PKCS#8 key are expected)", e);
        }
    }

    private static void checkFile(Path file, String option) {
        if (file == null || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not a readable file");
        }
    }

    /** The services local callers use, on the service port: federated matching, and vetting with programmes. */
    public List<BindableService> localServices() {
        return local;
    }

    /** Refuses local callers' writes into partners' copies; goes with the service port's other interceptors. */
    public ServerInterceptor copyGuard() {
        return new ReadOnlyCopies(copies);
    }

    /** Where each copy of a partner gallery this deployment follows stands now. */
    public List<CopyCheckpoint> copies() {
        return copies.checkpoints();
    }

    /** Where each copy of a partner gallery kept under {@code dataDirectory} stands ({@code partners status}). */
    public static Path copiesDirectory(Path dataDirectory) {
        return dataDirectory.resolve("federation").resolve("copies");
    }

    /** The federation port, or {@link FederationSettings#NO_PORT}. */
    public int port() {
        return listener == null ? FederationSettings.NO_PORT : listener.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        if (listener != null) {
            publishing.close();
            listener.shutdown();
            if (!listener.awaitTermination(5, TimeUnit.SECONDS)) {
                listener.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        copies.close();
        channels.close();
        registry.close();
        closeVettings();
    }

    private void closeVettings() {
        if (vettings != null) {
            try {
                vettings.close();
            } catch (IOException e) {
                LOG.warn("cannot close the vetting records: {}", e.toString());
            }
        }
    }
}
