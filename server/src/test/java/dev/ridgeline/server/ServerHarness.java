package dev.ridgeline.server;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.grpc.CardSettings;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.limits.ServiceLimits;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real Ridgeline server on a loopback socket with its store in a test folder, and a client channel to it. */
final class ServerHarness implements AutoCloseable {

    private final EngineConfig config;
    private final ServiceLimits limits;
    private final CardSettings cards;
    private RidgelineServer server;
    private ManagedChannel channel;

    ServerHarness(Path dataDirectory) throws Exception {
        this(EngineConfig.defaults(dataDirectory));
    }

    ServerHarness(EngineConfig config) throws Exception {
        this(config, ServiceLimits.DEFAULT);
    }

    ServerHarness(EngineConfig config, ServiceLimits limits) throws Exception {
        this(config, limits, CardSettings.NONE);
    }

    ServerHarness(EngineConfig config, ServiceLimits limits, CardSettings cards) throws Exception {
        this.config = config;
        this.limits = limits;
        this.cards = cards;
        start();
    }

    private void start() throws Exception {
        server = RidgelineServer.start(config, ServerSettings.open("127.0.0.1", 0, RidgelineServer.NO_METRICS)
                .withLimits(limits).withCards(cards));
        server.awaitLoaded();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
    }

    /** Stops the server as an operator would and starts a new one on the same store. */
    void restart() throws Exception {
        stop();
        start();
    }

    private void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    int port() {
        return server.port();
    }

    ManagedChannel channel() {
        return channel;
    }

    GalleriesGrpc.GalleriesBlockingStub galleries() {
        return GalleriesGrpc.newBlockingStub(channel);
    }

    SubjectsGrpc.SubjectsBlockingStub subjects() {
        return SubjectsGrpc.newBlockingStub(channel);
    }

    MatchingGrpc.MatchingBlockingStub matching() {
        return MatchingGrpc.newBlockingStub(channel);
    }

    TemplatesGrpc.TemplatesBlockingStub templates() {
        return TemplatesGrpc.newBlockingStub(channel);
    }

    void createGallery(String name) {
        galleries().createGallery(CreateGalleryRequest.newBuilder().setName(name).build());
    }

    /** Enrolls impression {@code impression} of a generated finger as subject {@code id}. */
    void enroll(String gallery, String id, int finger, int impression) {
        subjects().enroll(EnrollRequest.newBuilder()
                .setGallery(gallery)
                .setSubjectId(id)
                .addSamples(GeneratedFingers.sample(finger, impression))
                .build());
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
