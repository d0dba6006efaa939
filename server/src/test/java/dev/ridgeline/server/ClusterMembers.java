package dev.ridgeline.server;

import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.cluster.ClusterRidgeline;
import dev.ridgeline.cluster.ClusterSettings;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.fixtures.net.FreePorts;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cluster members in this JVM, each a real gRPC server on its own loopback port and a real
 * Hazelcast member joined over TCP, over one PostgreSQL; started together, as `serve
 * --cluster-name` would start them on separate machines.
 */
final class ClusterMembers implements AutoCloseable {

    static final KeyRing KEYS = KeyRing.parse("cluster-test=" + Base64.getEncoder().encodeToString(new byte[32]),
            "test");

    private final List<RidgelineServer> servers;
    private final List<ManagedChannel> channels = new ArrayList<>();

    private ClusterMembers(List<RidgelineServer> servers) {
        this.servers = servers;
        for (RidgelineServer server : servers) {
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
        }
    }

    static ClusterMembers start(int size, PostgresSettings postgres, Path dataDirectory) {
        List<String> addresses = FreePorts.take(size).stream().map(port -> "127.0.0.1:" + port).toList();
        String name = "ridgeline-grpc-test-" + ProcessHandle.current().pid();
        List<CompletableFuture<RidgelineServer>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int port = Integer.parseInt(addresses.get(i).substring(addresses.get(i).indexOf(':') + 1));
            ClusterSettings settings = new ClusterSettings(name, "127.0.0.1", port, addresses, size,
                    Duration.ofSeconds(1), Duration.ofSeconds(60), ClusterSettings.DEFAULT_BACKUPS);
            EngineConfig config = EngineConfig.defaults(dataDirectory.resolve("member-" + i)).withStoreKeys(KEYS);
            CompletableFuture<RidgelineServer> server = new CompletableFuture<>();
            // A thread each: every member waits in start until all of them have joined.
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    server.complete(RidgelineServer.start(ClusterRidgeline.start(config, settings, postgres),
                            config.dataDirectory(), ServerSettings.open("127.0.0.1", 0, 0), "test member"));
                } catch (IOException | RuntimeException e) {
                    server.completeExceptionally(e);
                }
            });
            starting.add(server);
        }
        return new ClusterMembers(starting.stream().map(f -> f.orTimeout(120, TimeUnit.SECONDS).join()).toList());
    }

    /** Where member {@code member} serves its Prometheus metrics. */
    int metricsPort(int member) {
        return servers.get(member % servers.size()).metricsPort();
    }

    ManagedChannel channel(int member) {
        return channels.get(member % channels.size());
    }

    GalleriesGrpc.GalleriesBlockingStub galleries(int member) {
        return GalleriesGrpc.newBlockingStub(channel(member));
    }

    SubjectsGrpc.SubjectsBlockingStub subjects(int member) {
        return SubjectsGrpc.newBlockingStub(channel(member));
    }

    MatchingGrpc.MatchingBlockingStub matching(int member) {
        return MatchingGrpc.newBlockingStub(channel(member));
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (RidgelineServer server : servers) {
            server.close();
        }
    }
}
