package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.TestCertificates.Authority;
import dev.ridgeline.server.TestCertificates.Issued;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.security.AccessFile;
import dev.ridgeline.server.security.Principals;
import dev.ridgeline.server.security.TlsFiles;
import dev.ridgeline.server.security.Tokens;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A server reachable from other machines needs TLS and an access file; without auth it stays on loopback and says so. */
class ExposureTest {

    @TempDir
    Path directory;

    @Test
    void anExposedAddressWithoutTlsAndAuthIsRefusedBeforeTheStoreOpens() throws Exception {
        Path data = directory.resolve("data");
        assertThatThrownBy(() -> RidgelineServer.start(EngineConfig.defaults(data), ServerSettings.open("0.0.0.0", 0, -1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0, which is not a loopback address")
                .hasMessageContaining("--tls-cert").hasMessageContaining("--access-file");
        assertThatThrownBy(() -> RidgelineServer.start(EngineConfig.defaults(data),
                ServerSettings.secured("0.0.0.0", 0, -1, accessFile(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-cert").hasMessageNotContaining("--access-file");
        assertThat(data).doesNotExist();
    }

    @Test
    void anExposedAddressWithTlsAndAuthServes() throws Exception {
        Authority authority = new Authority(directory, "ca");
        Issued certificate = authority.server(directory);
        TlsFiles tls = new TlsFiles(certificate.certificate(), certificate.privateKey(), null);
        try (RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(directory.resolve("data")),
                ServerSettings.secured("0.0.0.0", 0, -1, accessFile(), tls))) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer secret");
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .sslContext(GrpcSslContexts.forClient().trustManager(authority.pem.toFile()).build())
                    .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .build();
            try {
                assertThat(ServerInfoGrpc.newBlockingStub(channel).getVersion(GetVersionRequest.getDefaultInstance())
                        .getFingerprintAlgorithm()).isEqualTo("sourceafis");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void loopbackWithoutAuthServesWithALoudWarning() throws Exception {
        Logger security = (Logger) LoggerFactory.getLogger("ridgeline.security");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        security.addAppender(lines);
        try (RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(directory.resolve("data")),
                ServerSettings.open("127.0.0.1", 0, -1))) {
            assertThat(lines.list).anySatisfy(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getFormattedMessage()).contains("AUTHENTICATION IS OFF", "127.0.0.1", "loopback");
            });
        } finally {
            security.detachAppender(lines);
        }
    }

    private Principals accessFile() throws Exception {
        Path file = directory.resolve("access.json");
        Files.writeString(file, """
                {"principals": [{"name": "ops", "agency": "CBSA", "token_sha256": "%s",
                                 "grants": [{"gallery": "*", "roles": ["operator"]}]}]}
                """.formatted(Tokens.sha256Hex("secret")));
        return AccessFile.load(file);
    }
}
