package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.observability.CallObserver;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators see calls, errors, galleries and memory in Prometheus metrics; calls carry a request id. */
class ObservabilityTest {

    @TempDir
    Path dataDirectory;

    private static double sample(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as("series %s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void metricsCountCallsByMethodAndCodeAndDescribeTheGalleries() throws Exception {
        try (RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(dataDirectory), "127.0.0.1", 0, 0)) {
            server.awaitLoaded();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                GalleriesGrpc.newBlockingStub(channel).createGallery(CreateGalleryRequest.newBuilder().setName("fast").build());
                for (int finger = 0; finger < 3; finger++) {
                    SubjectsGrpc.newBlockingStub(channel).enroll(EnrollRequest.newBuilder().setGallery("fast")
                            .setSubjectId("F" + finger).addSamples(GeneratedFingers.sample(500 + finger, 0)).build());
                }
                Metadata headers = new Metadata();
                headers.put(CallObserver.REQUEST_ID, "booth-7-0001");
                AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
                MatchingGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
                                MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, new AtomicReference<>()))
                        .verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(500, 1))
                                .setSubject(SubjectRef.newBuilder().setGallery("fast").setSubjectId("F0")).build());
                assertThat(responseHeaders.get().get(CallObserver.REQUEST_ID)).isEqualTo("booth-7-0001");
                assertThatThrownBy(() -> MatchingGrpc.newBlockingStub(channel).verify(VerifyRequest.newBuilder()
                        .addProbe(GeneratedFingers.sample(500, 1))
                        .setSubject(SubjectRef.newBuilder().setGallery("fast").setSubjectId("NOBODY")).build()))
                        .isInstanceOf(StatusRuntimeException.class);

                String metrics = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();

                assertThat(sample(metrics, "ridgeline_grpc_server_calls_seconds_count{code=\"OK\",method=\"ridgeline.v1.Subjects/Enroll\",modality=\"fingerprint\"}"))
                        .isEqualTo(3);
                assertThat(sample(metrics, "ridgeline_grpc_server_calls_seconds_count{code=\"OK\",method=\"ridgeline.v1.Matching/Verify\",modality=\"fingerprint\"}"))
                        .isEqualTo(1);
                assertThat(sample(metrics, "ridgeline_grpc_server_calls_seconds_count{code=\"NOT_FOUND\",method=\"ridgeline.v1.Matching/Verify\",modality=\"fingerprint\"}"))
                        .isEqualTo(1);
                assertThat(metrics).contains("ridgeline_grpc_server_calls_seconds_bucket{");
                assertThat(sample(metrics, "ridgeline_gallery_subjects{gallery=\"fast\",modality=\"fingerprint\"}")).isEqualTo(3);
                assertThat(sample(metrics, "ridgeline_gallery_template_memory_per_template_bytes{gallery=\"fast\",modality=\"fingerprint\"}"))
                        .isGreaterThan(1000);
                assertThat(sample(metrics, "ridgeline_store_ready")).isEqualTo(1);
                assertThat(metrics).contains("ridgeline_shard_templates{gallery=\"fast\",modality=\"fingerprint\",shard=\"0\"}");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
