package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.server.SecuredServer.Principal;
import dev.ridgeline.server.audit.AuditSettings;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who verified and searched what, and what they got: audit lines name the caller and its agency, and hold no biometrics. */
class AuditLogTest {

    private static final Principal BOOTH = Principal.withToken("cbsa-booth-07", "CBSA", "nexus=verify");
    private static final Principal KIOSK = Principal.withToken("cbp-kiosk-02", "CBP", "nexus=enroll");
    private static final Principal ADMIN = Principal.withToken("admin", "CBP", "*=operator");
    private static final String SECRET_ATTRIBUTE = "PROGRAMME-X9Q";

    @TempDir
    Path directory;

    private static EnrollRequest enrollment(String id, int finger) {
        return EnrollRequest.newBuilder().setGallery("nexus").setSubjectId(id)
                .addSamples(GeneratedFingers.sample(finger, 0)).putAttributes("programme", SECRET_ATTRIBUTE).build();
    }

    private List<JsonNode> lines(Path audit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(audit.resolve("audit.log"))) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    private static JsonNode only(List<JsonNode> lines, String operation, String status) {
        List<JsonNode> found = lines.stream()
                .filter(line -> line.path("operation").asText().equals(operation) && line.path("status").asText().equals(status))
                .toList();
        assertThat(found).as("%s %s lines in %s", operation, status, lines).hasSize(1);
        return found.getFirst();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void verifyIdentifyAndRefusalsAreAuditedWithTheCallerAndNoBiometricPayload() throws Exception {
        Path audit = directory.resolve("audit");
        try (SecuredServer server = new SecuredServer(directory, null,
                new AuditSettings(audit, AuditSettings.DEFAULT_MAX_FILE_BYTES, 3, Duration.ZERO), BOOTH, KIOSK, ADMIN)) {
            GalleriesGrpc.newBlockingStub(server.as(ADMIN)).createGallery(CreateGalleryRequest.newBuilder().setName("nexus").build());
            ManagedChannel kiosk = server.as(KIOSK);
            SubjectsGrpc.newBlockingStub(kiosk).enroll(enrollment("T1", 700));
            SubjectsGrpc.newBlockingStub(kiosk).enroll(enrollment("T2", 701));
            ManagedChannel booth = server.as(BOOTH);
            MatchingGrpc.newBlockingStub(booth).verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(700, 1))
                    .setSubject(SubjectRef.newBuilder().setGallery("nexus").setSubjectId("T1")).build());
            MatchingGrpc.newBlockingStub(booth).identify(IdentifyRequest.newBuilder().setGallery("nexus")
                    .addProbe(GeneratedFingers.sample(701, 1)).build());
            assertThatThrownBy(() -> SubjectsGrpc.newBlockingStub(booth).enroll(enrollment("T3", 702)))
                    .isInstanceOf(StatusRuntimeException.class);
            assertThatThrownBy(() -> MatchingGrpc.newBlockingStub(server.connect()).identify(IdentifyRequest.newBuilder()
                    .setGallery("nexus").addProbe(GeneratedFingers.sample(701, 1)).build()))
                    .isInstanceOf(StatusRuntimeException.class);
        }
        List<JsonNode> lines = lines(audit);

        JsonNode verify = only(lines, "Verify", "OK");
        assertThat(verify.path("caller").asText()).isEqualTo("cbsa-booth-07");
        assertThat(verify.path("agency").asText()).isEqualTo("CBSA");
        assertThat(verify.path("gallery").asText()).isEqualTo("nexus");
        assertThat(texts(verify.path("subjects"))).containsExactly("T1");
        assertThat(verify.path("decision").asText()).isEqualTo("match");
        assertThat(verify.path("score").asDouble()).isGreaterThan(verify.path("threshold").asDouble());
        assertThat(verify.path("latency_ms").asDouble()).isPositive();
        assertThat(verify.path("request_id").asText()).isNotBlank();

        JsonNode identify = only(lines, "Identify", "OK");
        assertThat(identify.path("caller").asText()).isEqualTo("cbsa-booth-07");
        assertThat(texts(identify.path("returned"))).containsExactly("T2");

        JsonNode enrolled = lines.stream().filter(line -> line.path("operation").asText().equals("Enroll")
                && line.path("status").asText().equals("OK")).findFirst().orElseThrow();
        assertThat(enrolled.path("caller").asText()).isEqualTo("cbp-kiosk-02");
        assertThat(enrolled.path("agency").asText()).isEqualTo("CBP");

        JsonNode denied = only(lines, "Enroll", "PERMISSION_DENIED");
        assertThat(denied.path("caller").asText()).as("a refusal names who was refused").isEqualTo("cbsa-booth-07");
        assertThat(texts(denied.path("subjects"))).containsExactly("T3");
        assertThat(only(lines, "Identify", "UNAUTHENTICATED").path("caller").asText()).isEqualTo("unauthenticated");

        String file = Files.readString(audit.resolve("audit.log"));
        byte[] image = GeneratedFingers.png(700, 1);
        assertThat(file).doesNotContain(SECRET_ATTRIBUTE)
                .doesNotContain(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(image, 100, 160)))
                .doesNotContain(new String(java.util.Arrays.copyOfRange(image, 100, 140), StandardCharsets.ISO_8859_1))
                .doesNotContain("token-of-");
    }
}
