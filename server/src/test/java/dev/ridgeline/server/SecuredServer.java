package dev.ridgeline.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.cli.ConnectionOptions;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.audit.AuditSettings;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.security.AccessFile;
import dev.ridgeline.server.security.TlsFiles;
import dev.ridgeline.server.security.Tokens;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A real server on a loopback socket with an access file written from {@link Principal}s, and
 * clients connected the way the command line connects (its own token and TLS options).
 */
final class SecuredServer implements AutoCloseable {

    /** One caller of the access file; grants read like {@code ./ridgeline token}'s: {@code nexus=enroll,verify}. */
    record Principal(String name, String agency, String token, String certificateSubject, List<String> grants) {

        static Principal withToken(String name, String agency, String... grants) {
            return new Principal(name, agency, "token-of-" + name, null, List.of(grants));
        }

        static Principal withCertificate(String name, String agency, String subject, String... grants) {
            return new Principal(name, agency, null, subject, List.of(grants));
        }

        Map<String, Object> json() {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("agency", agency);
            if (token != null) {
                entry.put("token_sha256", Tokens.sha256Hex(token));
            } else {
                entry.put("certificate_subject", certificateSubject);
            }
            entry.put("grants", grants.stream().map(grant -> Map.of(
                    "gallery", grant.substring(0, grant.indexOf('=')),
                    "roles", Arrays.asList(grant.substring(grant.indexOf('=') + 1).split(",")))).toList());
            return entry;
        }
    }

    @Command(name = "client")
    static final class Client {
        @Mixin
        ConnectionOptions connection;
    }

    private final RidgelineServer server;
    private final List<ManagedChannel> channels = new ArrayList<>();

    SecuredServer(Path directory, TlsFiles tls, Principal... principals) throws Exception {
        this(directory, tls, null, principals);
    }

    /** With an audit log when {@code audit} is not null. */
    SecuredServer(Path directory, TlsFiles tls, AuditSettings audit, Principal... principals) throws Exception {
        Path accessFile = directory.resolve("access.json");
        new ObjectMapper().writeValue(accessFile.toFile(),
                Map.of("principals", Arrays.stream(principals).map(Principal::json).toList()));
        server = RidgelineServer.start(EngineConfig.defaults(directory.resolve("data")),
                ServerSettings.secured("127.0.0.1", 0, RidgelineServer.NO_METRICS, AccessFile.load(accessFile), tls)
                        .withAudit(audit));
        server.awaitLoaded();
    }

    /** A client channel made from command-line options such as {@code --token T} or {@code --tls-ca ca.pem}. */
    ManagedChannel connect(String... options) {
        Client client = new Client();
        new CommandLine(client).parseArgs(options);
        ManagedChannel channel = client.connection.channel("127.0.0.1:" + server.port());
        channels.add(channel);
        return channel;
    }

    /** A plaintext channel sending the principal's bearer token. */
    ManagedChannel as(Principal principal) {
        return connect("--token", principal.token());
    }

    @Override
    public void close() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.close();
    }
}
