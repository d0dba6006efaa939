package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import dev.ridgeline.api.v1.PartnerIdentifyRequest;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.server.observability.CallObserver;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answering deployment keeps nothing of a partner's probe: after answering, neither its store
 * (write-ahead log and tables, read while it runs and again once closed) nor its audit log holds
 * the probe template in any encoding; the audit line holds its SHA-256, which both sides can
 * compare, and the gallery holds exactly the subjects it held before.
 */
class FederationRetentionTest {

    @TempDir
    Path root;

    @Test
    void theAnsweringSideRetainsNoProbe() throws Exception {
        GeneratedFingers.prepare(3, 2);
        try (FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp")) {
            us.start(canada.asPartner(agreement(List.of("lookout"), List.of("identify"), "hit/no-hit", List.of())));
            us.enroll("lookout", "US-7781", 2, Map.of("programme", "NEXUS"));
            canada.start(us.asPartner(null));

            Metadata headers = new Metadata();
            headers.put(CallObserver.REQUEST_ID, "retain-1");
            FederatedIdentifyResponse answer = canada.federated().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .identify(FederatedIdentifyRequest.newBuilder().addGalleries("us-cbp:lookout")
                            .addProbe(GeneratedFingers.sample(2, 1)).setPurpose("BORDER-ENTRY").build());
            assertThat(answer.getHitsList()).singleElement().satisfies(hit -> assertThat(hit.getDeployment()).isEqualTo("us-cbp"));
            // the template Canada sent (its ISO/IEC 19794-2 record of the same image), and a second query sending it directly
            Sample probe = FederationTest.template(canada, 2);
            us.partnerCallAs(canada.identity).identify(PartnerIdentifyRequest.newBuilder().addGalleries("lookout")
                    .addProbe(probe).setPurpose("BORDER-ENTRY").setCorrelationId("retain-2").build());

            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(probe.toByteArray()));
            assertThat(us.auditLines()).filteredOn(line -> line.contains("\"federation\":\"inbound\""))
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("\"probe_sha256\":\"" + digest + "\""));
            assertThat(canada.auditLines()).anySatisfy(line -> assertThat(line)
                    .contains("\"federation\":\"outbound\"", "\"probe_sha256\":\"" + digest + "\""));

            byte[] record = probe.getTemplate().toByteArray();
            List<byte[]> encodings = List.of(record, Arrays.copyOfRange(record, record.length / 2, record.length / 2 + 32),
                    Base64.getEncoder().encode(record), HexFormat.of().formatHex(record).getBytes(StandardCharsets.US_ASCII));
            assertThat(filesHolding(us.directory.resolve("data"), "US-7781".getBytes(StandardCharsets.US_ASCII)))
                    .as("the scan reads the store: it finds the enrolled subject").isNotEmpty();
            assertThat(filesHoldingAny(us.directory, encodings)).as("while running").isEmpty();
            GalleriesGrpc.GalleriesBlockingStub galleries = GalleriesGrpc.newBlockingStub(us.channel());
            assertThat(galleries.listGalleries(ListGalleriesRequest.getDefaultInstance()).getGalleriesCount()).isEqualTo(1);
            assertThat(galleries.describeGallery(DescribeGalleryRequest.newBuilder().setName("lookout").build()).getSubjects())
                    .isEqualTo(1);

            us.stop();
            assertThat(filesHoldingAny(us.directory, encodings)).as("once the store is closed and flushed").isEmpty();
        }
    }

    private static List<Path> filesHoldingAny(Path directory, List<byte[]> needles) throws Exception {
        List<Path> found = new ArrayList<>();
        for (byte[] needle : needles) {
            found.addAll(filesHolding(directory, needle));
        }
        return found;
    }

    private static List<Path> filesHolding(Path directory, byte[] needle) throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
