package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.Version;
import dev.ridgeline.engine.match.ThresholdTable;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard tools (grpcurl, grpc_health_probe) work against the service. */
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
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            answer.complete(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            answer.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            request.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            ServerReflectionResponse response = answer.get(30, TimeUnit.SECONDS);
            request.onCompleted();
            assertThat(response.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                    .contains("ridgeline.v1.Matching", "ridgeline.v1.Subjects", "ridgeline.v1.Galleries",
                            "ridgeline.v1.Templates", "grpc.health.v1.Health");
        }
    }
}
