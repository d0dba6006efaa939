package dev.ridgeline.server.cli;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a client reaches a secured service: a bearer token and TLS files. The one place client
 * channels are built (the CLI's commands, the demo and the {@code bench} load generator).
 */
public final class ConnectionOptions {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final int MAX_INBOUND_BYTES = 32 * 1024 * 1024;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--token", defaultValue = "${env:RIDGELINE_TOKEN}", paramLabel = "TOKEN",
            description = "Bearer token sent with every call (default: the RIDGELINE_TOKEN environment variable,"
                    + " which other users cannot read from the process list).")
    String token;

    @Option(names = "--tls", description = "Connect with TLS, trusting the JDK's CAs (implied by --tls-ca and --tls-cert).")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "Connect with TLS, trusting this CA for the server's certificate.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for mutual TLS (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert (PKCS#8).")
    Path tlsKey;

    /** A channel to {@code address} (HOST:PORT) with these options; plaintext without TLS options. */
    public ManagedChannel channel(String address) {
        return channelBuilder(address).build();
    }

    /** What {@link #channel} builds, for a caller that sets more (such as where callbacks run). */
    public NettyChannelBuilder channelBuilder(String address) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address).maxInboundMessageSize(MAX_INBOUND_BYTES);
        if (tls || tlsCa != null || tlsCert != null) {
            builder.sslContext(sslContext());
        } else {
            builder.usePlaintext();
        }
        if (token != null && !token.isBlank()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token.strip());
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder;
    }

    private SslContext sslContext() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw invalid("--tls-cert and --tls-key go together");
        }
        SslContextBuilder builder = GrpcSslContexts.forClient();
        if (tlsCa != null) {
            builder.trustManager(readable(tlsCa, "--tls-ca").toFile());
        }
        if (tlsCert != null) {
            builder.keyManager(readable(tlsCert, "--tls-cert").toFile(), readable(tlsKey, "--tls-key").toFile());
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw invalid("cannot use the TLS files: " + e.getMessage());
        }
    }

    private Path readable(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw invalid(option + " " + file + " is not a readable file");
        }
        return file;
    }

    private RuntimeException invalid(String message) {
        return command == null ? new IllegalArgumentException(message) : new ParameterException(command.commandLine(), message);
    }
}
