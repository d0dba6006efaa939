package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.api.v1.Version;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.server.grpc.RidgelineServer;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Standard tools (grpcurl, grpc_health_probe) work against the service, and it says when it stops. */
class OperationsTest {

    @TempDir
    Path dataDirectory;

    @Test
    void healthReflectionAndVersionAnswer() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            assertThat(HealthGrpc.newBlockingStub(harness.channel()).check(HealthCheckRequest.getDefaultInstance())
                    .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

            Version version = ServerInfoGrpc.newBlockingStub(harness.channel()).getVersion(GetVersionRequest.getDefaultInstance());
            assertThat(version.getFingerprintAlgorithm()).isEqualTo("sourceafis");
            assertThat(version.getFingerprintAlgorithmVersion()).isEqualTo("3.18.1");
            assertThat(version.getFingerprintCalibration()).isEqualTo(ThresholdTable.fingerprint().version());

            CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> request = ServerReflectionGrpc.newStub(harness.channel())
                    .serverReflectionInfo(CompletingObserver.of(answer));
            request.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            ServerReflectionResponse response = answer.get(30, TimeUnit.SECONDS);
            request.onCompleted();
            assertThat(response.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                    .contains("ridgeline.v1.Matching", "ridgeline.v1.Subjects", "ridgeline.v1.Galleries",
                            "ridgeline.v1.Templates", "grpc.health.v1.Health");
        }
    }

    /** Tools that predate reflection v1 (older grpcurl, GUI clients) ask v1alpha. */
    @Test
    void reflectionV1AlphaAnswersToo() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> answer = new CompletableFuture<>();
            StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> request =
                    io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(harness.channel())
                            .serverReflectionInfo(CompletingObserver.of(answer));
            request.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("*").build());
            io.grpc.reflection.v1alpha.ServerReflectionResponse response = answer.get(30, TimeUnit.SECONDS);
            request.onCompleted();
            assertThat(response.getListServicesResponse().getServiceList())
                    .extracting(io.grpc.reflection.v1alpha.ServiceResponse::getName)
                    .contains("ridgeline.v1.Matching", "ridgeline.v1.Subjects", "ridgeline.v1.Galleries",
                            "ridgeline.v1.Templates", "ridgeline.v1.ServerInfo", "grpc.health.v1.Health");
        }
    }


    /** A loaded server: every service serves by name, and faces as far as their models are there. */
    @Test
    void healthNamesEachServiceAndFaces() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            for (String service : List.of("", TemplatesGrpc.SERVICE_NAME, GalleriesGrpc.SERVICE_NAME,
                    SubjectsGrpc.SERVICE_NAME, MatchingGrpc.SERVICE_NAME, ServerInfoGrpc.SERVICE_NAME)) {
                assertThat(health(harness, service)).as(service).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            }
            boolean faces = ServerInfoGrpc.newBlockingStub(harness.channel()).getVersion(GetVersionRequest.getDefaultInstance())
                    .getFacesAvailable();
            assertThat(health(harness, "ridgeline.v1.faces")).isEqualTo(faces
                    ? HealthCheckResponse.ServingStatus.SERVING : HealthCheckResponse.ServingStatus.NOT_SERVING);
        }
    }

    /** Without face models, fingerprints are still served: only the faces name says NOT_SERVING. */
    @Test
    void missingFaceModelsTurnOnlyFacesNotServing() throws Exception {
        EngineConfig defaults = EngineConfig.defaults(dataDirectory);
        EngineConfig noModels = new EngineConfig(dataDirectory, defaults.defaultShards(), defaults.searchThreads(),
                defaults.imageLimits(), defaults.minimumMinutiae(),
                defaults.faces().withModelDirectory(dataDirectory.resolve("no-models")), defaults.storeKeys());
        try (ServerHarness harness = new ServerHarness(noModels)) {
            assertThat(health(harness, "ridgeline.v1.faces")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
            assertThat(health(harness, MatchingGrpc.SERVICE_NAME)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(health(harness, TemplatesGrpc.SERVICE_NAME)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                    .setSample(GeneratedFingers.sample(700, 0)).build()).getTemplate().isEmpty()).isFalse();
        }
    }

    private static HealthCheckResponse.ServingStatus health(ServerHarness harness, String service) {
        return HealthGrpc.newBlockingStub(harness.channel())
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    @Test
    void stoppingTheServerSaysSoInTheLog() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(RidgelineServer.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            new ServerHarness(dataDirectory).close();
        } finally {
            log.detachAppender(lines);
        }
        assertThat(lines.list).last().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).matches("Ridgeline stopped after 0h 0m \\d+s; store closed");
        });
    }
}
