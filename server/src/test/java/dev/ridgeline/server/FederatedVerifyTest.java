package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;
import static dev.ridgeline.server.FederationTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.FederatedVerifyRequest;
import dev.ridgeline.api.v1.FederatedVerifyResponse;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.server.observability.CallObserver;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federated verify from the asking side: Canada's booth verifies a traveller against a reference
 * the United States holds, over real mutual-TLS connections between two deployments on loopback.
 */
class FederatedVerifyTest {

    private static final int LISTED_FINGER = 2;
    private static final int OTHER_FINGER = 9;

    @TempDir
    static Path root;
    private static FederatedDeployment canada;
    private static FederatedDeployment us;

    @BeforeAll
    static void startDeployments() throws Exception {
        GeneratedFingers.prepare(10, 2);
        canada = new FederatedDeployment(root, "ca-cbsa");
        us = new FederatedDeployment(root, "us-cbp");
        us.start(canada.asPartner(usAgreement(false)));
        us.enroll("lookout", "US-7781", LISTED_FINGER, Map.of("status", "WANTED"));
        canada.start(us.asPartner(null));
    }

    /** The US lets Canada identify and verify in its look-out list, disclosing the status of a match. */
    private static Map<String, Object> usAgreement(boolean probeImages) {
        Map<String, Object> agreement = agreement(List.of("lookout"), List.of("identify", "verify"), "attributes",
                List.of("status"));
        agreement.put("probe_images", probeImages);
        return agreement;
    }

    @AfterAll
    static void stopDeployments() throws Exception {
        for (FederatedDeployment deployment : new FederatedDeployment[] {canada, us}) {
            if (deployment != null) {
                deployment.close();
            }
        }
    }

    @AfterEach
    void restorePartnerFiles() throws Exception {
        us.writePartners(canada.asPartner(usAgreement(false)));
        canada.writePartners(us.asPartner(null));
        await(() -> verify("restore", request(LISTED_FINGER, "us-cbp:lookout", "US-7781")),
                FederatedVerifyResponse::getComplete);
    }

    @Test
    void aPartnersDecisionComesBackWithItsProvenanceUnderOneCorrelationIdOnBothSides() throws Exception {
        FederatedVerifyResponse same = verify("fverify-1", request(LISTED_FINGER, "us-cbp:lookout", "US-7781"));
        FederatedVerifyResponse other = verify("fverify-2", request(OTHER_FINGER, "us-cbp:lookout", "US-7781"));

        assertThat(same.getComplete()).isTrue();
        assertThat(same.hasPartnerUnavailable()).isFalse();
        assertThat(same.getCorrelationId()).isEqualTo("fverify-1");
        assertThat(same.getDeployment()).isEqualTo("us-cbp");
        assertThat(same.getGallery()).isEqualTo("lookout");
        assertThat(same.getDisclosure()).isEqualTo(Disclosure.ATTRIBUTES);
        assertThat(same.getDecision().getMatch()).isTrue();
        assertThat(same.getDecision().getScore()).isGreaterThanOrEqualTo(same.getDecision().getThreshold());
        assertThat(same.getDecision().getTargetFmr()).isEqualTo(1e-4);
        assertThat(same.getAttributesMap()).containsExactly(Map.entry("status", "WANTED"));
        assertThat(other.getComplete()).isTrue();
        assertThat(other.getDecision().getMatch()).isFalse();
        assertThat(other.getDecision().getScore()).isLessThan(other.getDecision().getThreshold());
        assertThat(other.getAttributesMap()).as("attributes only on a match").isEmpty();

        String outbound = await(canada::auditLines, lines -> lines.stream().anyMatch(line ->
                line.contains("\"correlation_id\":\"fverify-1\"") && line.contains("outbound")))
                .stream().filter(line -> line.contains("\"correlation_id\":\"fverify-1\"")).findFirst().orElseThrow();
        assertThat(outbound).contains("\"federation\":\"outbound\"", "\"partner\":\"us-cbp\"", "\"operation\":\"Verify\"",
                "\"galleries\":[\"lookout\"]", "\"disclosure\":\"attributes\"", "\"results\":1", "\"status\":\"OK\"");
        String inbound = await(us::auditLines, lines -> lines.stream().anyMatch(line ->
                line.contains("\"correlation_id\":\"fverify-1\"")))
                .stream().filter(line -> line.contains("\"correlation_id\":\"fverify-1\"")).findFirst().orElseThrow();
        assertThat(inbound).contains("\"federation\":\"inbound\"", "\"partner\":\"ca-cbsa\"", "\"operation\":\"Verify\"",
                "\"status\":\"OK\"", digestField(outbound));
    }

    @Test
    void thePartnersCommandsPrintEachProbesAnswerAndFailWhenOneGetsNone() throws Exception {
        Path listed = Files.write(root.resolve("listed.png"), GeneratedFingers.png(LISTED_FINGER, 1));
        Path other = Files.write(root.resolve("other.png"), GeneratedFingers.png(OTHER_FINGER, 1));
        String[] verify = {"partners", "verify", "--target", canada.target(), "--gallery", "us-cbp:lookout",
            "--purpose", "BORDER-ENTRY", "--reference"};
        String[] identify = {"partners", "identify", "--target", canada.target(), "--purpose", "BORDER-ENTRY", "--gallery"};

        CommandRun verified = CommandRun.of(with(verify, "US-7781", listed.toString(), other.toString()));
        CommandRun unknownReference = CommandRun.of(with(verify, "US-0000", listed.toString()));
        CommandRun identified = CommandRun.of(with(identify, "us-cbp:lookout", listed.toString(), other.toString()));
        CommandRun unknownGallery = CommandRun.of(with(identify, "no-such-gallery", listed.toString()));

        assertThat(verified.exitCode()).isZero();
        assertThat(verified.printed()).contains("listed.png: MATCH by us-cbp lookout", "other.png: no match by us-cbp lookout");
        assertThat(unknownReference.exitCode()).isOne();
        assertThat(unknownReference.printed()).contains("listed.png: NO DECISION", "us-cbp");
        assertThat(identified.exitCode()).isZero();
        assertThat(identified.printed()).contains("listed.png: 1 hit(s), complete", "other.png: 0 hit(s), complete");
        assertThat(unknownGallery.exitCode()).isOne();
        assertThat(unknownGallery.printed()).contains("listed.png: NOT_FOUND:", "no-such-gallery");
    }

    private static String[] with(String[] arguments, String... more) {
        return Stream.concat(Arrays.stream(arguments), Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void aReferenceThePartnerDoesNotHoldOrAQueryOutsideItsAgreementIsNamedWithThePartnersStatus() {
        FederatedVerifyResponse unknown = verify("fverify-3", request(LISTED_FINGER, "us-cbp:lookout", "US-0000"));
        FederatedVerifyResponse purpose = verify("fverify-4", request(LISTED_FINGER, "us-cbp:lookout", "US-7781")
                .toBuilder().setPurpose("TOURISM").build());
        FederatedVerifyResponse gallery = verify("fverify-5", request(LISTED_FINGER, "us-cbp:nexus", "US-7781"));

        assertThat(unknown.getComplete()).isFalse();
        assertThat(unknown.hasDecision()).as("no decision without the partner's").isFalse();
        assertThat(unknown.getPartnerUnavailable().getPartner()).isEqualTo("us-cbp");
        assertThat(unknown.getPartnerUnavailable().getCode()).isEqualTo(Status.Code.NOT_FOUND.value());
        assertThat(purpose.getPartnerUnavailable().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
        assertThat(purpose.getPartnerUnavailable().getReason()).contains("purpose 'TOURISM'");
        assertThat(gallery.getPartnerUnavailable().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
        assertThat(gallery.getPartnerUnavailable().getReason()).contains("does not cover gallery 'nexus'");
    }

    @Test
    void aPartnerThatIsDownOrNeverAnswersIsNamedWithinTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts connections in the kernel, never answers the handshake
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            canada.writePartners(us.asPartner(null), renamed("br-pf", closedPort), renamed("jp-npa", silent.getLocalPort()));
            await(() -> verify("fverify-wait", request(LISTED_FINGER, "jp-npa:lookout", "X").toBuilder()
                    .setPartnerDeadlineMs(50).build()), response -> response.hasPartnerUnavailable());

            Sample template = FederationTest.template(canada, LISTED_FINGER);
            FederatedVerifyResponse down = verify("fverify-6", request(LISTED_FINGER, "br-pf:lookout", "US-7781")
                    .toBuilder().setProbe(0, template).build());
            int deadlineMillis = 500;
            long started = System.nanoTime();
            FederatedVerifyResponse hangs = verify("fverify-7", request(LISTED_FINGER, "jp-npa:lookout", "US-7781")
                    .toBuilder().setProbe(0, template).setPartnerDeadlineMs(deadlineMillis).build());
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(down.getComplete()).isFalse();
            assertThat(down.getPartnerUnavailable().getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
            assertThat(hangs.getComplete()).isFalse();
            assertThat(hangs.getPartnerUnavailable().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED.value());
            assertThat(hangs.getPartnerUnavailable().getReason()).contains("500 ms");
            // the answer goes out 40 ms after the deadline at the latest; the rest of the margin is for a shared machine
            assertThat(elapsedMillis).as("answered within the deadline plus 250 ms").isLessThan(deadlineMillis + 250);
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(deadlineMillis - 50);
        }
    }

    @Test
    void badRequestsAreRefusedBeforeAnyPartnerIsAsked() {
        assertRefused(request(LISTED_FINGER, "lookout", "US-7781"), Status.Code.INVALID_ARGUMENT, "not a partner gallery");
        assertRefused(request(LISTED_FINGER, "xx-none:lookout", "US-7781"), Status.Code.NOT_FOUND, "not a partner");
        assertRefused(request(LISTED_FINGER, "us-cbp:lookout", ""), Status.Code.INVALID_ARGUMENT, "reference id");
        assertRefused(request(LISTED_FINGER, "us-cbp:lookout", "US-7781").toBuilder().clearPurpose().build(),
                Status.Code.INVALID_ARGUMENT, "purpose");
    }

    @Test
    void probeImagesGoOnlyToAPartnerWhoseAgreementTakesThem() throws Exception {
        // Canada's entry says the US takes images, but the US agreement says templates only: the image went as such
        Map<String, Object> sendsImages = new LinkedHashMap<>(us.asPartner(null));
        sendsImages.put("send_probe_images", true);
        canada.writePartners(sendsImages);
        FederatedVerifyResponse refused = await(() -> verify("fverify-8",
                request(LISTED_FINGER, "us-cbp:lookout", "US-7781")), response -> !response.getComplete());
        FederatedIdentifyResponse refusedIdentify = canada.federated().identify(FederatedIdentifyRequest.newBuilder()
                .addGalleries("us-cbp:lookout").addProbe(GeneratedFingers.sample(LISTED_FINGER, 1))
                .setPurpose("BORDER-ENTRY").build());
        assertThat(refused.getPartnerUnavailable().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
        assertThat(refused.getPartnerUnavailable().getReason()).contains("templates only, and sample 0 is an image");
        assertThat(refusedIdentify.getPartnersUnavailable(0).getReason()).contains("sample 0 is an image");

        // once the US agreement takes images, the image itself is matched there: its digest is on the US line
        us.writePartners(canada.asPartner(usAgreement(true)));
        FederatedVerifyResponse answered = await(() -> verify("fverify-9",
                request(LISTED_FINGER, "us-cbp:lookout", "US-7781")), FederatedVerifyResponse::getComplete);
        assertThat(answered.getDecision().getMatch()).isTrue();
        String imageDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(GeneratedFingers.sample(LISTED_FINGER, 1).toByteArray()));
        assertThat(await(us::auditLines, lines -> lines.stream().anyMatch(line -> line.contains("fverify-9"))))
                // (the first tries may have come before the US read its new agreement: refused, with the same digest)
                .filteredOn(line -> line.contains("\"correlation_id\":\"fverify-9\"") && line.contains("\"status\":\"OK\""))
                .singleElement().satisfies(line -> assertThat(line).contains("\"probe_sha256\":\"" + imageDigest + "\""));
    }

    // ------------------------------------------------------------------ helpers

    private static FederatedVerifyRequest request(int finger, String gallery, String reference) {
        return FederatedVerifyRequest.newBuilder().setGallery(gallery).setReferenceId(reference)
                .addProbe(GeneratedFingers.sample(finger, 1)).setPurpose("BORDER-ENTRY").build();
    }

    /** A federated verify from Canada's booth, sent with this request id. */
    private static FederatedVerifyResponse verify(String requestId, FederatedVerifyRequest request) {
        Metadata headers = new Metadata();
        headers.put(CallObserver.REQUEST_ID, requestId);
        return canada.federated().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).verify(request);
    }

    /** The US's entry in Canada's file under another name and endpoint: a partner that cannot answer. */
    private static Map<String, Object> renamed(String name, int port) {
        Map<String, Object> entry = new LinkedHashMap<>(us.asPartner(null));
        entry.put("name", name);
        entry.put("endpoint", "127.0.0.1:" + port);
        return entry;
    }

    private static String digestField(String auditLine) {
        int at = auditLine.indexOf("\"probe_sha256\":\"");
        return auditLine.substring(at, auditLine.indexOf('"', at + 16) + 1);
    }

    private static void assertRefused(FederatedVerifyRequest request, Status.Code code, String reason) {
        assertThatThrownBy(() -> canada.federated().verify(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(reason);
                });
    }
}
