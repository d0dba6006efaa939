package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.server.SecuredServer.Principal;
import dev.ridgeline.server.TestCertificates.Authority;
import dev.ridgeline.server.TestCertificates.Issued;
import dev.ridgeline.server.security.TlsFiles;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS end to end, with certificates made for the test and clients connected through
 * the command line's own options (--tls-ca, --tls-cert, --tls-key, --token).
 */
class TlsTest {

    private static final String BOOTH_SUBJECT = "CN=cbp-booth-01,O=CBP,C=US";

    @TempDir
    static Path certificates;
    private static Authority authority;
    private static Issued serverCertificate;
    private static Issued booth;
    private static Issued stranger;
    private static Issued rogue;

    @TempDir
    Path directory;

    @BeforeAll
    static void makeCertificates() throws Exception {
        authority = new Authority(certificates, "dev-ca");
        serverCertificate = authority.server(certificates);
        booth = authority.client(certificates, "booth", BOOTH_SUBJECT);
        stranger = authority.client(certificates, "stranger", "CN=stranger,O=Nowhere,C=US");
        rogue = new Authority(certificates, "rogue-ca").client(certificates, "rogue", BOOTH_SUBJECT);
    }

    @Test
    void tlsWithABearerTokenEnrollsAndVerifies() throws Exception {
        Principal officer = Principal.withToken("cbp-officer", "CBP", "*=enroll,verify,operator");
        TlsFiles tls = new TlsFiles(serverCertificate.certificate(), serverCertificate.privateKey(), null);
        try (SecuredServer server = new SecuredServer(directory, tls, officer)) {
            enrollAndVerify(server.connect("--tls-ca", authority.pem.toString(), "--token", officer.token()));

            assertThat(status(() -> version(server.connect("--tls-ca", authority.pem.toString()))))
                    .as("TLS alone is no credential").isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status(() -> version(server.connect("--token", officer.token()))))
                    .as("plaintext to a TLS port").isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void mutualTlsNamesTheCallerByItsCertificateSubject() throws Exception {
        // Spaces and case differ from the certificate's DN: subjects compare in canonical form.
        Principal boothPrincipal = Principal.withCertificate("cbp-booth-01", "CBP", "cn=cbp-booth-01, o=CBP, c=US",
                "*=enroll,verify,operator");
        TlsFiles tls = new TlsFiles(serverCertificate.certificate(), serverCertificate.privateKey(), authority.pem);
        try (SecuredServer server = new SecuredServer(directory, tls, boothPrincipal)) {
            enrollAndVerify(server.connect("--tls-ca", authority.pem.toString(),
                    "--tls-cert", booth.certificate().toString(), "--tls-key", booth.privateKey().toString()));

            assertThat(status(() -> version(server.connect("--tls-ca", authority.pem.toString()))))
                    .as("no client certificate").isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(status(() -> version(server.connect("--tls-ca", authority.pem.toString(),
                    "--tls-cert", rogue.certificate().toString(), "--tls-key", rogue.privateKey().toString()))))
                    .as("same subject, signed by another CA").isEqualTo(Status.Code.UNAVAILABLE);
            assertThatThrownBy(() -> version(server.connect("--tls-ca", authority.pem.toString(),
                    "--tls-cert", stranger.certificate().toString(), "--tls-key", stranger.privateKey().toString())))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).contains("CN=stranger", "not in the access file");
                    });
        }
    }

    private static void enrollAndVerify(ManagedChannel channel) {
        GalleriesGrpc.newBlockingStub(channel).createGallery(CreateGalleryRequest.newBuilder().setName("nexus").build());
        SubjectsGrpc.newBlockingStub(channel).enroll(EnrollRequest.newBuilder().setGallery("nexus").setSubjectId("t1")
                .addSamples(GeneratedFingers.sample(11, 0)).build());
        assertThat(MatchingGrpc.newBlockingStub(channel).verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(11, 1))
                .setSubject(SubjectRef.newBuilder().setGallery("nexus").setSubjectId("t1")).build())
                .getDecision().getMatch()).isTrue();
    }

    private static void version(ManagedChannel channel) {
        ServerInfoGrpc.newBlockingStub(channel).getVersion(GetVersionRequest.getDefaultInstance());
    }

    private static Status.Code status(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }
}
