package dev.ridgeline.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each health name through a loading, a serving and a stopping server, with and without face models. */
class ServiceHealthTest {

    private static final List<String> SERVICES = List.of("", "ridgeline.v1.Templates", "ridgeline.v1.Galleries",
            "ridgeline.v1.Subjects", "ridgeline.v1.Matching", "ridgeline.v1.ServerInfo");

    @Test
    void everyServiceIsNotServingWhileGalleriesLoadThenServesAndFacesFollowTheirModels() throws Exception {
        for (boolean facesAvailable : new boolean[] {true, false}) {
            ServiceHealth health = new ServiceHealth(facesAvailable);
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(health.service()).build().start();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
            try {
                assertThat(statuses(channel)).as("loading").allSatisfy((name, status) ->
                        assertThat(status).as(name).isEqualTo(ServingStatus.NOT_SERVING));

                health.loaded();
                Map<String, ServingStatus> loaded = statuses(channel);
                assertThat(loaded).as("loaded, faces available: %s", facesAvailable).allSatisfy((name, status) ->
                        assertThat(status).as(name).isEqualTo(name.equals(ServiceHealth.FACES) && !facesAvailable
                                ? ServingStatus.NOT_SERVING : ServingStatus.SERVING));

                health.stopping();
                health.loaded(); // a load finishing while the server stops changes nothing
                assertThat(statuses(channel)).as("stopping").allSatisfy((name, status) ->
                        assertThat(status).as(name).isEqualTo(ServingStatus.NOT_SERVING));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, ServingStatus> statuses(ManagedChannel channel) {
        Map<String, ServingStatus> statuses = new LinkedHashMap<>();
        for (String name : SERVICES) {
            statuses.put(name, check(channel, name));
        }
        statuses.put(ServiceHealth.FACES, check(channel, ServiceHealth.FACES));
        return statuses;
    }

    private static ServingStatus check(ManagedChannel channel, String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
