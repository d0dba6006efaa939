package dev.ridgeline.server.security;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's TLS material, PEM files: its certificate chain, its private key (PKCS#8, as
 * {@code openssl genpkey} writes it) and, for mutual TLS, the CA that signs client certificates.
 *
 * @param clientCa null for plain TLS; otherwise every client must present a certificate this CA signed
 */
public record TlsFiles(Path certificate, Path privateKey, Path clientCa) {

    public boolean mutual() {
        return clientCa != null;
    }

    /** The server's TLS context; a missing or unreadable file is named in the exception. */
    public SslContext serverContext() {
        requireFile(certificate, "--tls-cert");
        requireFile(privateKey, "--tls-key");
        try {
            SslContextBuilder builder = GrpcSslContexts.forServer(certificate.toFile(), privateKey.toFile());
            if (clientCa != null) {
                requireFile(clientCa, "--client-ca");
                builder.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use the TLS files " + certificate + ", " + privateKey
                    + (clientCa == null ? "" : ", " + clientCa) + ": " + e.getMessage()
                    + " (PEM certificates and an unencrypted PKCS#8 key are expected)", e);
        }
    }

    static void requireFile(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not a readable file");
        }
    }
}
