package dev.ridgeline.server.grpc;

import dev.ridgeline.cluster.ClusterMember;
import dev.ridgeline.cluster.ClusterRidgeline;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.work.WorkPool;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.ridgeline.server.audit.AuditInterceptor;
import dev.ridgeline.server.audit.AuditLog;
import dev.ridgeline.server.federation.Federation;
import dev.ridgeline.server.federation.FederationSettings;
import dev.ridgeline.server.limits.CallLimiter;
import dev.ridgeline.server.limits.ServiceLimits;
import dev.ridgeline.server.observability.CallObserver;
import dev.ridgeline.server.observability.ClusterGauges;
import dev.ridgeline.server.observability.CopyGauges;
import dev.ridgeline.server.observability.EngineGauges;
import dev.ridgeline.server.observability.MetricsEndpoint;
import dev.ridgeline.server.observability.ServiceHealth;
import dev.ridgeline.server.observability.WorkMetrics;
import dev.ridgeline.server.security.AccessPolicy;
import dev.ridgeline.server.security.AuthInterceptor;
import dev.ridgeline.server.security.BindRule;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC service around one node's engine or a cluster member ({@link Ridgeline}). It listens at
 * once and loads the galleries in the background: health says NOT_SERVING and requests get
 * UNAVAILABLE until they are loaded.
 */
public final class RidgelineServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RidgelineServer.class);
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Metrics port meaning "no metrics endpoint". */
    public static final int NO_METRICS = -1;

    private final Ridgeline engine;
    private final long startedNanos = System.nanoTime();
    private final Server server;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EngineGauges gauges;
    private final MetricsEndpoint metrics;
    private final ServiceHealth health;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile Throwable loadFailure;
    private final AuditLog audit;
    private final WorkPool workPool;
    private Federation federation;

    private RidgelineServer(Ridgeline engine, Path dataDirectory, ServerSettings settings) throws IOException {
        this.engine = engine;
        ClusterMember cluster = engine instanceof ClusterRidgeline member ? member.member() : null;
        this.health = new ServiceHealth(engine.facesAvailable());
        new JvmMemoryMetrics().bindTo(registry);
        this.gauges = new EngineGauges(engine, registry);
        ClusterGauges clusterGauges = cluster == null ? null : new ClusterGauges(cluster, registry);
        AccessPolicy policy = new AccessPolicy();
        ServiceLimits limits = settings.limits();
        WorkMetrics workMetrics = new WorkMetrics(registry);
        this.workPool = new WorkPool(limits.workThreads(), limits.boothLanes(), limits.bulkThreads(), workMetrics);
        workMetrics.watch(workPool);
        CallScheduler scheduler = new CallScheduler(workPool);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()))
                .maxInboundMessageSize(limits.maxMessageBytes())
                .addStreamTracerFactory(new TransportRefusals());
        if (settings.tls() != null) {
            builder.sslContext(settings.tls().serverContext());
        }
        // In call order: metrics and the audit log see every call, refused ones too; auth lets calls
        // through to the limits, which admit them.
        // Per service, inside the request parsing, so that interceptors see typed request messages.
        List<ServerInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new CallObserver(registry));
        this.audit = settings.audit() == null ? null : new AuditLog(settings.audit());
        if (audit != null) {
            interceptors.add(new AuditInterceptor(audit));
        }
        if (settings.access() != null) {
            interceptors.add(new AuthInterceptor(settings.access(), policy));
        }
        interceptors.add(new CallLimiter(limits, CallLimiter::clientOf));
        CardSettings cards = settings.cards();
        List<BindableService> services = new ArrayList<>(List.of(new TemplatesService(engine, cards.signer(), scheduler),
                new GalleriesService(engine), new SubjectsService(engine, limits.maxBulkItems(), scheduler),
                new MatchingService(engine, cards.gate(), scheduler),
                new ServerInfoService(engine, cluster), health.service(), ProtoReflectionServiceV1.newInstance(),
                reflectionV1Alpha()));
        Server built = null;
        try {
            this.federation = settings.federation() == null ? null : Federation.start(settings.federation(),
                    settings.host(), dataDirectory, engine, scheduler, audit);
            if (federation != null) {
                services.addAll(federation.localServices());
                interceptors.add(federation.copyGuard());
            }
            CopyGauges copyGauges = federation == null ? null : new CopyGauges(federation::copies, registry);
            for (BindableService service : services) {
                builder.addService(StrictRequestParsing.of(service, interceptors));
            }
            built = builder.build();
            policy.requireRulesFor(built.getServices());
            this.server = built.start();
            this.metrics = settings.metricsPort() == NO_METRICS ? null
                    : new MetricsEndpoint(settings.host(), settings.metricsPort(), registry, () -> {
                        gauges.refresh();
                        if (copyGauges != null) {
                            copyGauges.refresh();
                        }
                        if (clusterGauges != null) {
                            clusterGauges.refresh();
                        }
                    });
        } catch (IOException | RuntimeException e) {
            if (built != null) {
                built.shutdownNow();
            }
            closeFederation();
            workPool.close();
            if (audit != null) {
                audit.close();
            }
            throw e;
        }
    }

    /** The v1alpha reflection service too: older grpcurl releases and many GUI clients know only that one. */
    @SuppressWarnings("deprecation")
    private static BindableService reflectionV1Alpha() {
        return ProtoReflectionService.newInstance();
    }

    /** Opens the store, starts listening (without a metrics endpoint) and begins loading galleries. */
    public static RidgelineServer start(EngineConfig config, String host, int port) throws IOException {
        return start(config, host, port, NO_METRICS);
    }

    /**
     * Opens the store, starts listening and begins loading galleries; Prometheus metrics are served
     * at {@code http://host:metricsPort/metrics} unless the port is {@link #NO_METRICS}.
     */
    public static RidgelineServer start(EngineConfig config, String host, int port, int metricsPort) throws IOException {
        return start(config, ServerSettings.open(host, port, metricsPort));
    }

    /**
     * Checks that the address, TLS and access settings go together ({@link BindRule}; an
     * {@link IllegalArgumentException} says why not), then opens the store, starts listening and
     * begins loading galleries.
     */
    public static RidgelineServer start(EngineConfig config, ServerSettings settings) throws IOException {
        BindRule.check(settings.host(), settings.tls() != null, settings.access() != null);
        return start(new RidgelineEngine(config), config.dataDirectory(), settings, "data in " + config.dataDirectory());
    }

    /**
     * Serves {@code engine} (a cluster member, or a node's engine), which it closes when it stops.
     * Call {@link BindRule#check} first: the engine may have opened resources by then.
     *
     * @param dataDirectory where this process keeps its own files (a federation's partner usage)
     * @param holding what the startup log line says of where the data is
     */
    public static RidgelineServer start(Ridgeline engine, Path dataDirectory, ServerSettings settings, String holding)
            throws IOException {
        RidgelineServer server;
        try {
            server = new RidgelineServer(engine, dataDirectory, settings);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
        String host = settings.host();
        LOG.info("Ridgeline {} listening on {}:{} ({}, {}), {}{}", version(), host, server.port(),
                settings.tls() == null ? "plaintext" : settings.tls().mutual() ? "mutual TLS" : "TLS",
                settings.access() == null ? "no authentication" : settings.access().size() + " principals",
                holding,
                server.metrics == null ? "" : ", metrics on http://" + host + ":" + server.metrics.port() + "/metrics");
        Thread loader = new Thread(server::loadGalleries, "ridgeline-loader");
        loader.setDaemon(true);
        loader.start();
        return server;
    }

    private void loadGalleries() {
        long started = System.nanoTime();
        long[] lastReport = {started};
        try {
            engine.load(progress -> {
                gauges.loaded(progress.loaded());
                long now = System.nanoTime();
                if (now - lastReport[0] >= PROGRESS_INTERVAL_NANOS) {
                    lastReport[0] = now;
                    LOG.info("loading gallery '{}': {} subjects loaded (store holds about {} records)",
                            progress.gallery(), progress.loaded(), progress.estimatedTotal());
                }
            });
            var galleries = engine.localGalleries();
            long subjects = galleries.stream().mapToLong(g -> g.stats().subjects()).sum();
            LOG.info("loaded {} galleries, {} subjects in {} ms; serving", galleries.size(), subjects,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            health.loaded();
        } catch (RuntimeException | Error e) {
            loadFailure = e;
            LOG.error("cannot load the galleries from the store; the service stays unavailable", e);
        } finally {
            loaded.countDown();
        }
    }

    /** Waits until the galleries are loaded; throws if loading failed. */
    public void awaitLoaded() throws InterruptedException {
        loaded.await();
        if (loadFailure != null) {
            throw new IllegalStateException("loading the galleries failed: " + loadFailure.getMessage(), loadFailure);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The federation port partners call, or {@link FederationSettings#NO_PORT}. */
    public int federationPort() {
        return federation == null ? FederationSettings.NO_PORT : federation.port();
    }

    private void closeFederation() {
        if (federation == null) {
            return;
        }
        try {
            federation.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The metrics endpoint's port, or {@link #NO_METRICS}. */
    public int metricsPort() {
        return metrics == null ? NO_METRICS : metrics.port();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    public static String version() {
        String version = RidgelineServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Stops taking calls, lets running ones finish briefly, then closes the store and says so. */
    @Override
    public void close() throws InterruptedException {
        health.stopping();
        if (metrics != null) {
            metrics.close();
        }
        server.shutdown();
        if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        closeFederation();
        try {
            loaded.await(30, TimeUnit.SECONDS);
        } finally {
            workPool.close();
            engine.close();
            if (audit != null) {
                audit.close();
            }
        }
        Duration served = Duration.ofNanos(System.nanoTime() - startedNanos);
        LOG.info("Ridgeline stopped after {}h {}m {}s; store{} closed", served.toHours(), served.toMinutesPart(),
                served.toSecondsPart(), audit != null ? " and audit log" : "");
    }
}
