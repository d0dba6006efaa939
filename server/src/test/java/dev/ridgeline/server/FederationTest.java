package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.FederatedHit;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.PartnerIdentifyRequest;
import dev.ridgeline.api.v1.PartnerIdentifyResponse;
import dev.ridgeline.api.v1.PartnerMatchingGrpc;
import dev.ridgeline.api.v1.PartnerVerifyRequest;
import dev.ridgeline.api.v1.PartnerVerifyResponse;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.api.v1.UnavailablePartner;
import dev.ridgeline.server.TestCertificates.Issued;
import dev.ridgeline.server.observability.CallObserver;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three deployments, each with its own CA, store, audit log and partner file, on loopback sockets:
 * Canada asks; the United States answers hit/no-hit on its look-out list; Mexico answers with one
 * named attribute. Every query crosses real mutual-TLS connections between separate servers.
 */
class FederationTest {

    private static final int LOOKOUT_FINGER = 2;
    private static final int NOBODY_FINGER = 9;

    @TempDir
    static Path root;
    private static FederatedDeployment canada;
    private static FederatedDeployment us;
    private static FederatedDeployment mexico;
    private static Map<String, Object>[] usPartners;
    private static Map<String, Object>[] canadaPartners;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void startDeployments() throws Exception {
        GeneratedFingers.prepare(10, 2);
        canada = new FederatedDeployment(root, "ca-cbsa");
        us = new FederatedDeployment(root, "us-cbp");
        mexico = new FederatedDeployment(root, "mx-inm");
        // the US lets Canada identify and verify in its look-out list, hit/no-hit; Mexico is a partner with no agreement
        usPartners = new Map[] {
            canada.asPartner(agreement(List.of("lookout"), List.of("identify", "verify"), "hit/no-hit", List.of())),
            mexico.asPartner(null)};
        us.start(usPartners);
        us.enroll("lookout", "US-7781", LOOKOUT_FINGER, Map.of("programme", "NEXUS", "status", "ACTIVE"));
        us.enroll("nexus", "N-1", 3, Map.of());
        mexico.start(canada.asPartner(agreement(List.of("alertas"), List.of("identify"), "attributes",
                List.of("programme"))));
        mexico.enroll("alertas", "MX-1", LOOKOUT_FINGER, Map.of("programme", "SENTRI", "status", "REVOKED"));
        // Canada grants its partners nothing: it only asks
        canadaPartners = new Map[] {us.asPartner(null), mexico.asPartner(null)};
        canada.start(canadaPartners);
        canada.enroll("lookout-ca", "CA-5", LOOKOUT_FINGER, Map.of());
        canada.enroll("lookout-ca", "CA-6", 4, Map.of());
    }

    @AfterAll
    static void stopDeployments() throws Exception {
        for (FederatedDeployment deployment : new FederatedDeployment[] {canada, us, mexico}) {
            if (deployment != null) {
                deployment.close();
            }
        }
    }

    /** Tests that change a partner file put it back, and wait until the deployment has read it again. */
    @AfterEach
    void restorePartnerFiles() throws Exception {
        us.writePartners(usPartners);
        canada.writePartners(canadaPartners);
        await(() -> identify("restore", LOOKOUT_FINGER, "us-cbp:lookout"), FederatedIdentifyResponse::getComplete);
    }

    @Test
    void anAllowedQueryMergesLocalAndPartnerHitsWithTheirProvenance() throws Exception {
        FederatedIdentifyResponse response = identify("corr-allowed-1", LOOKOUT_FINGER,
                "lookout-ca", "us-cbp:lookout", "mx-inm:alertas");

        assertThat(response.getComplete()).isTrue();
        assertThat(response.getPartnersUnavailableList()).isEmpty();
        assertThat(response.getCorrelationId()).isEqualTo("corr-allowed-1");
        assertThat(response.getHitsList()).extracting(FederatedHit::getDeployment)
                .containsExactly("ca-cbsa", "us-cbp", "mx-inm");
        FederatedHit local = hit(response, "ca-cbsa");
        assertThat(local.getReferenceId()).isEqualTo("CA-5");
        assertThat(local.getGallery()).isEqualTo("lookout-ca");
        FederatedHit american = hit(response, "us-cbp");
        assertThat(american.getDisclosure()).isEqualTo(Disclosure.HIT_NO_HIT);
        assertThat(american.getReferenceId()).as("hit/no-hit discloses no id").isEmpty();
        assertThat(american.getAttributesMap()).isEmpty();
        assertThat(american.getGallery()).isEqualTo("lookout");
        assertThat(american.getDecision().getMatch()).isTrue();
        assertThat(american.getDecision().getScore()).isGreaterThanOrEqualTo(american.getDecision().getThreshold());
        assertThat(american.getDecision().getTargetFmr()).isEqualTo(1e-4);
        FederatedHit mexican = hit(response, "mx-inm");
        assertThat(mexican.getReferenceId()).isEqualTo("MX-1");
        assertThat(mexican.getAttributesMap()).as("only the agreed attribute").containsExactly(Map.entry("programme", "SENTRI"));

        // one correlation id on both sides: Canada's call and its outbound queries, each partner's inbound line
        assertThat(await(canada::auditLines, lines -> lines.stream().filter(line -> line.contains("corr-allowed-1")).count() == 3))
                .filteredOn(line -> line.contains("corr-allowed-1"))
                .anySatisfy(line -> assertThat(line).contains("\"request_id\":\"corr-allowed-1\"", "\"returned\":[\"ca-cbsa/CA-5\",\"us-cbp/hit\",\"mx-inm/MX-1\"]"))
                .anySatisfy(line -> assertThat(line).contains("\"federation\":\"outbound\"", "\"partner\":\"us-cbp\"",
                        "\"purpose\":\"BORDER-ENTRY\"", "\"disclosure\":\"hit/no-hit\"", "\"results\":1", "\"status\":\"OK\""))
                .anySatisfy(line -> assertThat(line).contains("\"federation\":\"outbound\"", "\"partner\":\"mx-inm\"",
                        "\"disclosure\":\"attributes\""));
        assertThat(us.auditLines()).filteredOn(line -> line.contains("\"correlation_id\":\"corr-allowed-1\""))
                .singleElement().satisfies(line -> assertThat(line).contains("\"federation\":\"inbound\"",
                        "\"partner\":\"ca-cbsa\"", "\"galleries\":[\"lookout\"]", "\"results\":1", "\"status\":\"OK\"",
                        "\"probe_sha256\":\"").doesNotContain("US-7781"));
    }

    @Test
    void hitNoHitLeaksNoIdOrAttributeOnTheWire() throws Exception {
        PartnerMatchingGrpc.PartnerMatchingBlockingStub asCanada = us.partnerCallAs(canada.identity);
        PartnerIdentifyResponse hit = asCanada.identify(partnerQuery("wire-1", template(LOOKOUT_FINGER), "lookout"));
        PartnerIdentifyResponse noHit = asCanada.identify(partnerQuery("wire-2", template(NOBODY_FINGER), "lookout"));

        assertThat(hit.getDisclosure()).isEqualTo(Disclosure.HIT_NO_HIT);
        assertThat(hit.getGalleries(0).getHit()).isTrue();
        assertThat(hit.getGalleries(0).getHitsList()).singleElement().satisfies(h -> {
            assertThat(h.getReferenceId()).isEmpty();
            assertThat(h.getAttributesMap()).isEmpty();
            assertThat(h.getDecision().getMatch()).isTrue();
        });
        assertThat(noHit.getGalleries(0).getHit()).isFalse();
        assertThat(noHit.getGalleries(0).getHitsList()).isEmpty();
        assertThat(noHit.getGalleries(0).getThreshold()).isPositive();
        for (PartnerIdentifyResponse response : List.of(hit, noHit)) {
            String wire = response.toByteString().toString(StandardCharsets.ISO_8859_1);
            assertThat(wire).doesNotContain("US-7781", "NEXUS", "ACTIVE", "N-1");
            assertThat(response.getUnknownFields().asMap()).isEmpty();
        }
    }

    @Test
    void queriesOutsideTheAgreementAreDeniedWithAReasonAndAuditedOnBothSides() throws Exception {
        FederatedIdentifyResponse otherGallery = identify("corr-denied-1", LOOKOUT_FINGER, "lookout-ca", "us-cbp:nexus");
        assertThat(otherGallery.getComplete()).isFalse();
        assertThat(otherGallery.getHitsList()).extracting(FederatedHit::getReferenceId).containsExactly("CA-5");
        assertThat(unavailable(otherGallery, "us-cbp")).satisfies(partner -> {
            assertThat(partner.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
            assertThat(partner.getReason()).contains("does not cover gallery 'nexus'");
        });
        FederatedIdentifyResponse otherPurpose = canada.federated().identify(request(LOOKOUT_FINGER, "TOURISM", "us-cbp:lookout"));
        assertThat(unavailable(otherPurpose, "us-cbp").getReason()).contains("purpose 'TOURISM' is not among the purposes");
        PartnerMatchingGrpc.PartnerMatchingBlockingStub mexicoToUs = us.partnerCallAs(mexico.identity);
        assertDenied(() -> mexicoToUs.identify(partnerQuery("corr-denied-2", template(LOOKOUT_FINGER), "lookout")),
                "the agreement with partner 'mx-inm' does not allow identify (it allows: none)");

        PartnerMatchingGrpc.PartnerMatchingBlockingStub asCanada = us.partnerCallAs(canada.identity);
        assertDenied(() -> asCanada.identify(partnerQuery("image-1", GeneratedFingers.sample(LOOKOUT_FINGER, 1), "lookout")),
                "allows probe templates only, and sample 0 is an image");
        PartnerMatchingGrpc.PartnerMatchingBlockingStub canadaToMexico = mexico.partnerCallAs(canada.identity);
        assertDenied(() -> canadaToMexico.verify(PartnerVerifyRequest.newBuilder()
                        .setGallery("alertas").setReferenceId("MX-1").addProbe(template(LOOKOUT_FINGER))
                        .setPurpose("BORDER-ENTRY").setCorrelationId("verify-1").build()),
                "does not allow verify (it allows: identify)");

        assertThat(await(us::auditLines, lines -> lines.stream().anyMatch(line -> line.contains("corr-denied-1"))))
                .filteredOn(line -> line.contains("\"correlation_id\":\"corr-denied-1\""))
                .singleElement().satisfies(line -> assertThat(line).contains("\"status\":\"PERMISSION_DENIED\"",
                        "\"galleries\":[\"nexus\"]", "does not cover gallery 'nexus'"));
        assertThat(await(canada::auditLines, lines -> lines.stream().anyMatch(
                line -> line.contains("corr-denied-1") && line.contains("outbound"))))
                .anySatisfy(line -> assertThat(line).contains("\"federation\":\"outbound\"", "\"correlation_id\":\"corr-denied-1\"",
                        "\"partner\":\"us-cbp\"", "\"status\":\"PERMISSION_DENIED\""));
        assertThat(us.auditLines()).anySatisfy(line -> assertThat(line).contains("\"correlation_id\":\"corr-denied-2\"",
                "\"partner\":\"mx-inm\"", "\"status\":\"PERMISSION_DENIED\"", "does not allow identify"));
    }

    @Test
    void verifyByReferenceAnswersMatchOrNoMatchUnderHitNoHit() throws Exception {
        PartnerMatchingGrpc.PartnerMatchingBlockingStub asCanada = us.partnerCallAs(canada.identity);
        PartnerVerifyResponse same = asCanada.verify(verify("US-7781", LOOKOUT_FINGER));
        PartnerVerifyResponse other = asCanada.verify(verify("US-7781", NOBODY_FINGER));

        assertThat(same.getDecision().getMatch()).isTrue();
        assertThat(same.getAttributesMap()).isEmpty();
        assertThat(other.getDecision().getMatch()).isFalse();
    }

    @Test
    void aPartnerThatIsDownAndOneThatHangsAreNamedAndTheDeadlineHolds() throws Exception {
        FederatedDeployment silent = new FederatedDeployment(root, "jp-npa");
        Server hanging = NettyServerBuilder.forPort(0)
                .sslContext(GrpcSslContexts.forServer(silent.identity.certificate().toFile(),
                        silent.identity.privateKey().toFile()).build())
                .addService(new PartnerMatchingGrpc.PartnerMatchingImplBase() {
                    @Override
                    public void identify(PartnerIdentifyRequest request, StreamObserver<PartnerIdentifyResponse> observer) {
                        // accepts the query and never answers
                    }
                })
                .build().start();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try {
            Map<String, Object> down = new java.util.LinkedHashMap<>(us.asPartner(null));
            down.put("name", "br-pf");
            down.put("endpoint", "127.0.0.1:" + closedPort);
            Map<String, Object> hangs = silent.asPartner(null);
            hangs.put("endpoint", "127.0.0.1:" + hanging.getPort());
            canada.writePartners(us.asPartner(null), mexico.asPartner(null), down, hangs);
            await(() -> canada.federated().identify(request(LOOKOUT_FINGER, "BORDER-ENTRY", "jp-npa:lookout")
                    .toBuilder().setPartnerDeadlineMs(50).build()), response -> true);

            int deadlineMillis = 700;
            identify("warm-up", LOOKOUT_FINGER, "lookout-ca", "us-cbp:lookout");
            // a template probe (as a card gives): the time measured is the federation's, not an image's templating
            FederatedIdentifyRequest query = request(LOOKOUT_FINGER, "BORDER-ENTRY",
                    "lookout-ca", "us-cbp:lookout", "br-pf:lookout", "jp-npa:lookout").toBuilder()
                    .setProbe(0, template(LOOKOUT_FINGER)).setPartnerDeadlineMs(deadlineMillis).build();
            long started = System.nanoTime();
            FederatedIdentifyResponse response = canada.federated().identify(query);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(elapsedMillis).as("answered within the deadline plus 100 ms").isLessThan(deadlineMillis + 100);
            assertThat(elapsedMillis).as("waited for the slow partner until the deadline").isGreaterThanOrEqualTo(deadlineMillis - 50);
            assertThat(response.getComplete()).isFalse();
            assertThat(response.getHitsList()).extracting(FederatedHit::getDeployment).containsExactly("ca-cbsa", "us-cbp");
            assertThat(unavailable(response, "br-pf").getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
            assertThat(unavailable(response, "jp-npa")).satisfies(partner -> {
                assertThat(partner.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED.value());
                assertThat(partner.getReason()).contains("700 ms");
            });
            assertThat(response.getPartnersUnavailableList()).hasSize(2);

            // no partner deadline asked: the booth's own gRPC deadline bounds the wait, and the answer still comes
            FederatedIdentifyResponse withinOwnDeadline = canada.federated().withDeadlineAfter(900, TimeUnit.MILLISECONDS)
                    .identify(query.toBuilder().clearPartnerDeadlineMs().build());
            assertThat(withinOwnDeadline.getHitsList()).extracting(FederatedHit::getDeployment).containsExactly("ca-cbsa", "us-cbp");
            assertThat(unavailable(withinOwnDeadline, "jp-npa").getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED.value());
        } finally {
            hanging.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRevokedPartnerIsRefusedWithoutARestartAndReadmittedWhenRestored() throws Exception {
        assertThat(identify("revoke-0", LOOKOUT_FINGER, "us-cbp:lookout").getComplete()).isTrue();

        us.writePartners(mexico.asPartner(null)); // Canada's entry removed: its certificate no longer admitted
        FederatedIdentifyResponse refused = await(() -> identify("revoke-1", LOOKOUT_FINGER, "us-cbp:lookout"),
                response -> !response.getComplete());

        assertThat(refused.getHitsList()).isEmpty();
        assertThat(unavailable(refused, "us-cbp")).satisfies(partner -> {
            assertThat(partner.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED.value());
            assertThat(partner.getReason()).contains("is not the pinned identity (CA and subject) of any partner");
        });
        assertThat(await(us::auditLines, lines -> lines.stream().anyMatch(line -> line.contains("UNAUTHENTICATED"))))
                .anySatisfy(line -> assertThat(line).contains("\"federation\":\"inbound\"", "\"status\":\"UNAUTHENTICATED\"",
                        "CN=ca-cbsa"));

        us.writePartners(usPartners);
        assertThat(await(() -> identify("revoke-2", LOOKOUT_FINGER, "us-cbp:lookout"), FederatedIdentifyResponse::getComplete)
                .getHitsList()).extracting(FederatedHit::getDeployment).containsExactly("us-cbp");
    }

    @Test
    void aCertificateInAnotherPartnersNameIsRefusedOnBothSides() throws Exception {
        // Mexico's CA issues a certificate naming Canada: the US admits Mexico's CA, but not for Canada's name
        Issued forged = mexico.ca.deployment(root, "forged-ca-cbsa", canada.subject);
        assertThatThrownBy(() -> us.partnerCallAs(forged).identify(partnerQuery("forged-1", template(LOOKOUT_FINGER), "lookout")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("CN=ca-cbsa", "issued by 'CN=mx-inm-ca'",
                            "is not the pinned identity");
                });
        assertThat(us.auditLines()).anySatisfy(line -> assertThat(line).contains("\"status\":\"UNAUTHENTICATED\"",
                "issued by 'CN=mx-inm-ca'"));

        // Canada asks "us-cbp" at an address where Mexico answers with its own valid certificate
        Map<String, Object> misrouted = us.asPartner(null);
        misrouted.put("endpoint", mexico.endpoint());
        canada.writePartners(misrouted, mexico.asPartner(null));
        FederatedIdentifyResponse response = await(() -> identify("misrouted-1", LOOKOUT_FINGER, "us-cbp:lookout"),
                r -> !r.getComplete());
        assertThat(response.getHitsList()).isEmpty();
        assertThat(unavailable(response, "us-cbp")).satisfies(partner -> {
            assertThat(partner.getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
            assertThat(partner.getReason()).contains("not the pinned identity of partner 'us-cbp'");
        });
    }

    @Test
    void anAlteredOrReplayedResponseIsRefusedByTheTlsChannel() throws Exception {
        try (TamperingProxy proxy = new TamperingProxy("127.0.0.1", Integer.parseInt(us.endpoint().split(":")[1]))) {
            Map<String, Object> throughProxy = us.asPartner(null);
            throughProxy.put("endpoint", proxy.endpoint());
            canada.writePartners(throughProxy, mexico.asPartner(null));
            proxy.mode(TamperingProxy.Mode.RECORD);
            FederatedIdentifyResponse recorded = await(() -> identify("tamper-0", LOOKOUT_FINGER, "us-cbp:lookout"),
                    response -> response.getComplete() && proxy.recordedSomething());
            assertThat(recorded.getHitsList()).extracting(FederatedHit::getDeployment).containsExactly("us-cbp");

            assertRefusedByTls(tampered(proxy, TamperingProxy.Mode.FLIP_NEXT, "tamper-1"));
            proxy.mode(TamperingProxy.Mode.PASS);
            assertThat(await(() -> identify("tamper-2", LOOKOUT_FINGER, "us-cbp:lookout"), FederatedIdentifyResponse::getComplete)
                    .getHitsList()).as("a new connection answers again").extracting(FederatedHit::getDeployment)
                    .containsExactly("us-cbp");

            // the bytes of an earlier answer, sent again in place of this one on a live connection
            assertRefusedByTls(tampered(proxy, TamperingProxy.Mode.REPLAY_NEXT, "tamper-3"));
        }
    }

    /**
     * A federated identify whose partner bytes the relay tampers with. The relay alters the next
     * bytes the partner sends, which can be a stray HTTP/2 frame of the idle connection (a ping
     * or window update) rather than this call's answer: then the channel reconnects and the call
     * is answered whole. So it arms again, a few times; were tampering never refused, every try
     * would come back complete and the caller's assertion fails.
     */
    private static FederatedIdentifyResponse tampered(TamperingProxy proxy, TamperingProxy.Mode mode, String requestId) {
        FederatedIdentifyResponse response = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            proxy.mode(mode);
            response = identify(requestId + "-" + attempt, LOOKOUT_FINGER, "lookout-ca", "us-cbp:lookout");
            if (!response.getComplete()) {
                break;
            }
        }
        proxy.mode(TamperingProxy.Mode.PASS);
        return response;
    }

    /** The partner's part is missing, named as unavailable; the local part stands; nothing is taken from the altered bytes. */
    private static void assertRefusedByTls(FederatedIdentifyResponse response) {
        assertThat(response.getComplete()).isFalse();
        assertThat(response.getHitsList()).extracting(FederatedHit::getDeployment).containsExactly("ca-cbsa");
        assertThat(unavailable(response, "us-cbp")).satisfies(partner -> {
            assertThat(partner.getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
            // the record's authentication failed: BoringSSL says BAD_DECRYPT, the JDK's provider bad_record_mac
            assertThat(partner.getReason()).containsPattern("(?i)decrypt|bad_record_mac|tag mismatch");
        });
    }

    // ------------------------------------------------------------------ helpers

    private static FederatedIdentifyRequest request(int finger, String purpose, String... galleries) {
        return FederatedIdentifyRequest.newBuilder()
                .addAllGalleries(List.of(galleries))
                .addProbe(GeneratedFingers.sample(finger, 1))
                .setPurpose(purpose)
                .build();
    }

    /** A federated identify from Canada's booth, sent with this request id. */
    private static FederatedIdentifyResponse identify(String requestId, int finger, String... galleries) {
        Metadata headers = new Metadata();
        headers.put(CallObserver.REQUEST_ID, requestId);
        return canada.federated().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .identify(request(finger, "BORDER-ENTRY", galleries));
    }

    private static Sample template(int finger) {
        return template(canada, finger);
    }

    /** The probe as the asking deployment's service sends it: an ISO/IEC 19794-2 record of impression 1. */
    static Sample template(FederatedDeployment asking, int finger) {
        ByteString record = TemplatesGrpc.newBlockingStub(asking.channel()).extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(finger, 1)).setFormat(TemplateFormat.ISO_19794_2_2005).build()).getTemplate();
        return Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(record)
                .setTemplateFormat(TemplateFormat.ISO_19794_2_2005).build();
    }

    private static PartnerIdentifyRequest partnerQuery(String correlationId, Sample probe, String gallery) {
        return PartnerIdentifyRequest.newBuilder().addGalleries(gallery).addProbe(probe)
                .setPurpose("BORDER-ENTRY").setCorrelationId(correlationId).build();
    }

    private static PartnerVerifyRequest verify(String reference, int finger) {
        return PartnerVerifyRequest.newBuilder().setGallery("lookout").setReferenceId(reference)
                .addProbe(template(finger)).setPurpose("BORDER-ENTRY").setCorrelationId("verify-" + reference).build();
    }

    private static FederatedHit hit(FederatedIdentifyResponse response, String deployment) {
        return response.getHitsList().stream().filter(h -> h.getDeployment().equals(deployment)).findFirst().orElseThrow();
    }

    private static UnavailablePartner unavailable(FederatedIdentifyResponse response, String partner) {
        return response.getPartnersUnavailableList().stream().filter(p -> p.getPartner().equals(partner)).findFirst()
                .orElseThrow(() -> new AssertionError(partner + " is not named unavailable in " + response));
    }

    private static void assertDenied(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).contains(reason);
        });
    }

    /** Polls until {@code done} holds (a partner file is re-read within 100 ms; audit lines follow the answer). */
    static <T> T await(ThrowingSupplier<T> value, Predicate<T> done) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T last = null;
        while (System.nanoTime() < until) {
            try {
                last = value.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not reached within 10 s; last: " + last);
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
