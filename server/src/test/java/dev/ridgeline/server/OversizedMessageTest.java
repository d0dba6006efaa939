package dev.ridgeline.server;

import static dev.ridgeline.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.audit.AuditSettings;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.limits.ServiceLimits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message over max-message-bytes is refused by gRPC's transport before any handler runs; it is
 * still audited and counted like any other refusal, and leaves no stack trace in the log.
 */
class OversizedMessageTest {

    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final String REFUSED_SERIES = "ridgeline_grpc_server_calls_seconds_count{code=\"RESOURCE_EXHAUSTED\","
            + "method=\"ridgeline.v1.Templates/ExtractTemplate\",modality=\"none\"}";

    @TempDir
    Path directory;

    @Test
    void anOversizedRequestIsRefusedAuditedAndCounted() throws Exception {
        Path audit = directory.resolve("audit");
        Logger nettyStream = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");
        List<LogRecord> nettyWarnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                nettyWarnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        nettyStream.addHandler(capture);
        try (RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(directory.resolve("data")),
                ServerSettings.open("127.0.0.1", 0, 0)
                        .withLimits(new ServiceLimits(MAX_MESSAGE_BYTES, 100, 16, 64,
                                ServiceLimits.DEFAULT.workThreads(), ServiceLimits.DEFAULT.boothLanes(),
                        ServiceLimits.DEFAULT.bulkThreads()))
                        .withAudit(new AuditSettings(audit, AuditSettings.DEFAULT_MAX_FILE_BYTES, 3, Duration.ZERO)))) {
            server.awaitLoaded();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                    .maxInboundMessageSize(64 * 1024 * 1024).build();
            try {
                for (int size : new int[] {MAX_MESSAGE_BYTES + 1, 8 * MAX_MESSAGE_BYTES}) {
                    assertStatus(() -> TemplatesGrpc.newBlockingStub(channel).extractTemplate(ExtractTemplateRequest.newBuilder()
                            .setSample(Sample.newBuilder().setModality(Modality.FINGERPRINT)
                                    .setImage(Image.newBuilder().setData(ByteString.copyFrom(new byte[size])))).build()),
                            Status.Code.RESOURCE_EXHAUSTED, String.valueOf(MAX_MESSAGE_BYTES));
                }
                assertThat(TemplatesGrpc.newBlockingStub(channel).extractTemplate(ExtractTemplateRequest.newBuilder()
                        .setSample(GeneratedFingers.sample(800, 0)).build()).getTemplate().isEmpty())
                        .as("the server still serves").isFalse();
                // the client has its answer a moment before the server's call sees the cancellation
                assertThat(awaitCount(server.metricsPort(), 2)).isEqualTo(2);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            nettyStream.removeHandler(capture);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> refused = new ArrayList<>();
        for (String line : Files.readAllLines(audit.resolve("audit.log"))) {
            JsonNode entry = json.readTree(line);
            if (entry.path("status").asText().equals("RESOURCE_EXHAUSTED")) {
                refused.add(entry);
            }
        }
        assertThat(refused).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.path("operation").asText()).isEqualTo("ExtractTemplate");
            assertThat(entry.path("caller").asText()).isEqualTo("anonymous");
            assertThat(entry.path("request_id").asText()).isNotBlank();
        });
        assertThat(nettyWarnings).as("no Netty stack trace for a refusal that is audited and counted").isEmpty();
    }

    private static double awaitCount(int metricsPort, double expected) throws Exception {
        double count = 0;
        for (int attempt = 0; attempt < 100 && count < expected; attempt++) {
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(REFUSED_SERIES) + " (\\S+)$").matcher(metrics);
            count = matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
            if (count < expected) {
                Thread.sleep(100);
            }
        }
        return count;
    }
}
