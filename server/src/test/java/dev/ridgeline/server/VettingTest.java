package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;
import static dev.ridgeline.server.FederationTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.FederatedHit;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.GetVettingRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.VettedEnrollRequest;
import dev.ridgeline.api.v1.VettedEnrollResponse;
import dev.ridgeline.api.v1.VettingAction;
import dev.ridgeline.api.v1.VettingGrpc;
import dev.ridgeline.api.v1.VettingOutcome;
import dev.ridgeline.api.v1.VettingRecord;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.server.observability.CallObserver;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Apply once, vetted by both": enrollments into joint programmes at Canada, vetted by a duplicate
 * check in the programme's galleries and federated identifies in Canada's and the United States'
 * look-out lists, with two real deployments on loopback (and a partner whose port is closed).
 */
class VettingTest {

    private static final int US_LISTED = 2;
    private static final int CA_LISTED = 4;

    @TempDir
    static Path root;
    private static FederatedDeployment canada;
    private static FederatedDeployment us;
    private static Map<String, Object>[] canadaPartners;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void startDeployments() throws Exception {
        GeneratedFingers.prepare(10, 2);
        canada = new FederatedDeployment(root, "ca-cbsa");
        us = new FederatedDeployment(root, "us-cbp");
        Map<String, Object> agreement = agreement(List.of("lookout"), List.of("identify", "verify"), "hit/no-hit", List.of());
        agreement.put("purposes", List.of("BORDER-ENTRY", "NEXUS-VETTING"));
        us.start(canada.asPartner(agreement));
        us.enroll("lookout", "US-7781", US_LISTED, Map.of("status", "WANTED"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> down = new LinkedHashMap<>(us.asPartner(null));
        down.put("name", "br-pf");
        down.put("endpoint", "127.0.0.1:" + closedPort);
        canadaPartners = new Map[] {us.asPartner(null), down};
        canada.withProgrammes(
                programme("nexus", "nexus-held", List.of("lookout-ca", "us-cbp:lookout"), "refuse", "hold"),
                programme("fast", "fast-held", List.of("us-cbp:lookout", "br-pf:lookout"), "hold", "hold"),
                programme("sentri", null, List.of("br-pf:lookout"), "refuse", "refuse"));
        canada.start(canadaPartners);
        for (String gallery : List.of("nexus", "nexus-held", "fast", "fast-held", "sentri")) {
            GalleriesGrpc.newBlockingStub(canada.channel()).createGallery(CreateGalleryRequest.newBuilder().setName(gallery).build());
        }
        canada.enroll("lookout-ca", "CA-5", CA_LISTED, Map.of());
    }

    private static Map<String, Object> programme(String name, String holdGallery, List<String> lookouts, String onHit,
                                                 String onIncomplete) {
        Map<String, Object> programme = new LinkedHashMap<>();
        programme.put("name", name);
        programme.put("gallery", name);
        if (holdGallery != null) {
            programme.put("hold_gallery", holdGallery);
        }
        programme.put("lookouts", lookouts);
        programme.put("purpose", "NEXUS-VETTING");
        programme.put("on_hit", onHit);
        programme.put("on_incomplete", onIncomplete);
        return programme;
    }

    @AfterAll
    static void stopDeployments() throws Exception {
        for (FederatedDeployment deployment : new FederatedDeployment[] {canada, us}) {
            if (deployment != null) {
                deployment.close();
            }
        }
    }

    @Test
    void nexusVettingThatFindsAPartnersLookOutHitRefusesTheEnrollmentAndSaysWhere() throws Exception {
        VettedEnrollResponse response = vet("vet-hit-1", "nexus", "N-HIT", GeneratedFingers.sample(US_LISTED, 1));

        VettingRecord vetting = response.getVetting();
        assertThat(vetting.getOutcome()).isEqualTo(VettingOutcome.HIT);
        assertThat(vetting.getAction()).isEqualTo(VettingAction.REFUSED);
        assertThat(response.hasSubject()).as("refused: enrolled nowhere").isFalse();
        assertThat(vetting.getEnrolledIn()).isEmpty();
        assertThat(vetting.getPartnersUnavailableList()).isEmpty();
        assertThat(vetting.getCorrelationId()).isEqualTo("vet-hit-1");
        assertThat(vetting.getHitsList()).singleElement().satisfies(hit -> {
            assertThat(hit.getDeployment()).isEqualTo("us-cbp");
            assertThat(hit.getGallery()).isEqualTo("lookout");
            assertThat(hit.getDisclosure()).isEqualTo(Disclosure.HIT_NO_HIT);
            assertThat(hit.getDecision().getMatch()).isTrue();
        });
        assertNotEnrolled("nexus", "N-HIT");
        assertNotEnrolled("nexus-held", "N-HIT");
        assertThat(getVetting("nexus", "N-HIT")).as("stored as answered").isEqualTo(vetting);

        // one correlation id, and the programme's purpose, on both sides' audit lines
        assertThat(await(canada::auditLines, lines -> lines.stream().anyMatch(line -> line.contains("\"correlation_id\":\"vet-hit-1\""))))
                .filteredOn(line -> line.contains("\"correlation_id\":\"vet-hit-1\"")).singleElement()
                .satisfies(line -> assertThat(line).contains("\"federation\":\"outbound\"", "\"partner\":\"us-cbp\"",
                        "\"purpose\":\"NEXUS-VETTING\"", "\"results\":1", "\"status\":\"OK\""));
        assertThat(await(canada::auditLines, lines -> lines.stream().anyMatch(line -> line.contains("\"request_id\":\"vet-hit-1\""))))
                .filteredOn(line -> line.contains("\"request_id\":\"vet-hit-1\"")).singleElement()
                .satisfies(line -> assertThat(line).contains("\"operation\":\"VettedEnroll\"", "\"gallery\":\"nexus\"",
                        "\"subjects\":[\"N-HIT\"]", "\"returned\":[\"us-cbp/hit\"]"));
        assertThat(await(us::auditLines, lines -> lines.stream().anyMatch(line -> line.contains("\"correlation_id\":\"vet-hit-1\""))))
                .filteredOn(line -> line.contains("\"correlation_id\":\"vet-hit-1\"")).singleElement()
                .satisfies(line -> assertThat(line).contains("\"federation\":\"inbound\"", "\"partner\":\"ca-cbsa\"",
                        "\"purpose\":\"NEXUS-VETTING\"", "\"status\":\"OK\""));
    }

    @Test
    void aClearApplicantIsEnrolledAsVettedAndSearchableInTheProgrammesGallery() {
        EnrollRequest enrollment = enrollment("nexus", "N-CLEAR", GeneratedFingers.sample(5, 0)).toBuilder()
                .putAttributes("programme", "NEXUS").build();
        VettedEnrollResponse response = vetting().vettedEnroll(VettedEnrollRequest.newBuilder().setProgramme("nexus")
                .setEnrollment(enrollment).build());

        assertThat(response.getVetting().getOutcome()).isEqualTo(VettingOutcome.CLEAR);
        assertThat(response.getVetting().getAction()).isEqualTo(VettingAction.ENROLLED);
        assertThat(response.getVetting().getHitsList()).isEmpty();
        assertThat(response.getVetting().getEnrolledIn()).isEqualTo("nexus");
        assertThat(response.getSubject().getGallery()).isEqualTo("nexus");
        assertThat(response.getSubject().getAttributesMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("programme", "NEXUS", "status", "VETTED-CLEAR"));
        assertThat(identifyIn("nexus", 5)).containsExactly("N-CLEAR");
        assertThat(getVetting("nexus", "N-CLEAR")).isEqualTo(response.getVetting());
    }

    @Test
    void aDuplicateOrALocalLookOutHitIsAHitWithThisDeploymentsProvenance() {
        assertThat(vet("vet-dup-1", "nexus", "N-FIRST", GeneratedFingers.sample(6, 0)).getVetting().getAction())
                .isEqualTo(VettingAction.ENROLLED);

        VettingRecord again = vet("vet-dup-2", "nexus", "N-SECOND", GeneratedFingers.sample(6, 1)).getVetting();
        VettingRecord listed = vet("vet-dup-3", "nexus", "N-LISTED", GeneratedFingers.sample(CA_LISTED, 1)).getVetting();

        assertThat(again.getOutcome()).isEqualTo(VettingOutcome.HIT);
        assertThat(again.getAction()).isEqualTo(VettingAction.REFUSED);
        assertThat(again.getHitsList()).extracting(FederatedHit::getDeployment, FederatedHit::getGallery, FederatedHit::getReferenceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ca-cbsa", "nexus", "N-FIRST"));
        assertThat(listed.getHitsList()).extracting(FederatedHit::getDeployment, FederatedHit::getGallery, FederatedHit::getReferenceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ca-cbsa", "lookout-ca", "CA-5"));
        assertThat(listed.getAction()).isEqualTo(VettingAction.REFUSED);
        assertNotEnrolled("nexus", "N-SECOND");
        assertNotEnrolled("nexus", "N-LISTED");
    }

    @Test
    void aPartnerThatIsDownNeverLetsAnApplicantThroughSilently() {
        // fast holds: the applicant is kept for review in the hold gallery, not among the members
        VettedEnrollResponse held = vet("vet-down-1", "fast", "F-1", GeneratedFingers.sample(7, 0));
        // sentri refuses
        VettedEnrollResponse refused = vet("vet-down-2", "sentri", "S-1", GeneratedFingers.sample(7, 0));

        assertThat(held.getVetting().getOutcome()).isEqualTo(VettingOutcome.INCOMPLETE);
        assertThat(held.getVetting().getAction()).isEqualTo(VettingAction.HELD);
        assertThat(held.getVetting().getHitsList()).isEmpty();
        assertThat(held.getVetting().getPartnersUnavailableList()).singleElement().satisfies(partner -> {
            assertThat(partner.getPartner()).isEqualTo("br-pf");
            assertThat(partner.getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
        });
        assertThat(held.getVetting().getEnrolledIn()).isEqualTo("fast-held");
        assertThat(held.getSubject().getGallery()).isEqualTo("fast-held");
        assertThat(held.getSubject().getAttributesMap()).containsEntry("status", "VETTING-HOLD");
        assertNotEnrolled("fast", "F-1");
        assertThat(identifyIn("fast", 7)).as("a held applicant is no member").isEmpty();
        assertThat(identifyIn("fast-held", 7)).containsExactly("F-1");

        assertThat(refused.getVetting().getOutcome()).isEqualTo(VettingOutcome.INCOMPLETE);
        assertThat(refused.getVetting().getAction()).isEqualTo(VettingAction.REFUSED);
        assertThat(refused.hasSubject()).isFalse();
        assertNotEnrolled("sentri", "S-1");

        // a hit while a partner is down: held under fast's rule, with both the hit and the missing partner
        VettingRecord both = vet("vet-down-3", "fast", "F-2", GeneratedFingers.sample(US_LISTED, 1)).getVetting();
        assertThat(both.getOutcome()).isEqualTo(VettingOutcome.HIT);
        assertThat(both.getAction()).isEqualTo(VettingAction.HELD);
        assertThat(both.getHitsList()).extracting(FederatedHit::getDeployment).containsExactly("us-cbp");
        assertThat(both.getPartnersUnavailableList()).extracting(p -> p.getPartner()).containsExactly("br-pf");
    }

    @Test
    void anAnsweredVettingAndItsEnrollmentSurviveARestart() throws Exception {
        VettedEnrollResponse response = vet("vet-restart-1", "nexus", "N-DURABLE", GeneratedFingers.sample(8, 0));
        VettedEnrollResponse refused = vet("vet-restart-2", "nexus", "N-REFUSED", GeneratedFingers.sample(US_LISTED, 0));
        assertThat(response.getVetting().getAction()).isEqualTo(VettingAction.ENROLLED);

        canada.stop();
        canada.start(canadaPartners);

        assertThat(getVetting("nexus", "N-DURABLE")).isEqualTo(response.getVetting());
        assertThat(getVetting("nexus", "N-REFUSED")).isEqualTo(refused.getVetting());
        assertThat(SubjectsGrpc.newBlockingStub(canada.channel()).getSubject(GetSubjectRequest.newBuilder()
                .setGallery("nexus").setSubjectId("N-DURABLE").build()).getAttributesMap()).containsEntry("status", "VETTED-CLEAR");
    }

    @Test
    void badVettingRequestsAreRefusedWithTheReason() {
        assertRefused(VettedEnrollRequest.newBuilder().setProgramme("global-entry")
                .setEnrollment(enrollment("nexus", "X-1", GeneratedFingers.sample(9, 0))).build(),
                Status.Code.NOT_FOUND, "no programme 'global-entry'");
        assertRefused(VettedEnrollRequest.newBuilder().setProgramme("nexus")
                .setEnrollment(enrollment("fast", "X-1", GeneratedFingers.sample(9, 0))).build(),
                Status.Code.INVALID_ARGUMENT, "enrolls into gallery 'nexus', not 'fast'");
        assertRefused(VettedEnrollRequest.newBuilder().setProgramme("nexus")
                .setEnrollment(enrollment("nexus", "X-1", GeneratedFingers.sample(9, 0)).toBuilder()
                        .putAttributes("status", "VETTED-CLEAR")).build(),
                Status.Code.INVALID_ARGUMENT, "status attribute");
        assertRefused(VettedEnrollRequest.newBuilder().setProgramme("nexus")
                .setEnrollment(enrollment("nexus", "X-1", GeneratedFingers.sample(9, 0)).toBuilder().clearSamples()).build(),
                Status.Code.INVALID_ARGUMENT, "samples");
        assertRefused(VettedEnrollRequest.newBuilder().setProgramme("nexus")
                .setEnrollment(enrollment("nexus", "X 1", GeneratedFingers.sample(9, 0))).build(),
                Status.Code.INVALID_ARGUMENT, "subject id");
        assertRefused(VettedEnrollRequest.newBuilder().setProgramme("nexus")
                .setEnrollment(enrollment("nexus", "X-1", GeneratedFingers.sample(9, 0)).toBuilder()
                        .putAttributes("colour", "blue")).build(),
                Status.Code.INVALID_ARGUMENT, "unknown attribute 'colour'");
        assertThatThrownBy(() -> getVetting("nexus", "X-1")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertNotEnrolled("nexus", "X-1");
    }

    // ------------------------------------------------------------------ helpers

    private static VettingGrpc.VettingBlockingStub vetting() {
        return VettingGrpc.newBlockingStub(canada.channel());
    }

    private static EnrollRequest enrollment(String gallery, String subjectId, Sample sample) {
        return EnrollRequest.newBuilder().setGallery(gallery).setSubjectId(subjectId).addSamples(sample).build();
    }

    /** A vetted enrollment at Canada, sent with this request id. */
    private static VettedEnrollResponse vet(String requestId, String programme, String subjectId, Sample sample) {
        Metadata headers = new Metadata();
        headers.put(CallObserver.REQUEST_ID, requestId);
        return vetting().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).vettedEnroll(
                VettedEnrollRequest.newBuilder().setProgramme(programme).setEnrollment(enrollment(programme, subjectId, sample))
                        // A partner that is up must answer even on a loaded machine: a late answer would hold the applicant.
                        .setPartnerDeadlineMs(10_000)
                        .build());
    }

    private static VettingRecord getVetting(String gallery, String subjectId) {
        return vetting().getVetting(GetVettingRequest.newBuilder().setGallery(gallery).setSubjectId(subjectId).build());
    }

    /** The subjects a booth's identify finds in {@code gallery} for the impression of {@code finger} enrolled. */
    private static List<String> identifyIn(String gallery, int finger) {
        return MatchingGrpc.newBlockingStub(canada.channel()).identify(IdentifyRequest.newBuilder().setGallery(gallery)
                .addProbe(GeneratedFingers.sample(finger, 0)).build())
                .getCandidatesList().stream().map(Candidate::getSubjectId).toList();
    }

    private static void assertNotEnrolled(String gallery, String subjectId) {
        assertThatThrownBy(() -> SubjectsGrpc.newBlockingStub(canada.channel()).getSubject(GetSubjectRequest.newBuilder()
                .setGallery(gallery).setSubjectId(subjectId).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    private static void assertRefused(VettedEnrollRequest request, Status.Code code, String reason) {
        assertThatThrownBy(() -> vetting().vettedEnroll(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(reason);
        });
    }
}
