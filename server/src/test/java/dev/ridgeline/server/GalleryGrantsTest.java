package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.server.SecuredServer.Principal;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grants per gallery and agency, on the example of docs/SECURITY.md: CBSA and CBP both enroll into
 * and search the joint NEXUS gallery; CBP owns the lookout-us list and shares it search-only with CBSA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GalleryGrantsTest {

    private static final Principal CBSA = Principal.withToken("cbsa-nexus", "CBSA",
            "nexus=enroll,verify", "lookout-us=verify");
    private static final Principal CBP = Principal.withToken("cbp-nexus", "CBP",
            "nexus=enroll,verify", "lookout-us=enroll,verify", "cbp-secondary=enroll,verify");
    private static final Principal CBSA_KIOSK = Principal.withToken("cbsa-enrollment-kiosk", "CBSA", "nexus=enroll");
    private static final Principal ADMIN = Principal.withToken("admin", "CBP", "*=operator");

    private SecuredServer server;
    private ManagedChannel cbsa;
    private ManagedChannel cbp;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new SecuredServer(directory, null, CBSA, CBP, CBSA_KIOSK, ADMIN);
        GalleriesGrpc.GalleriesBlockingStub admin = GalleriesGrpc.newBlockingStub(server.as(ADMIN));
        for (String gallery : List.of("nexus", "lookout-us", "cbp-secondary")) {
            admin.createGallery(CreateGalleryRequest.newBuilder().setName(gallery).build());
        }
        cbsa = server.as(CBSA);
        cbp = server.as(CBP);
        enroll(cbsa, "nexus", "cbsa-traveller", 11);
        enroll(cbp, "nexus", "cbp-traveller", 12);
        enroll(cbp, "lookout-us", "wanted", 13);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void bothAgenciesEnrollIntoAndSearchTheJointGallery() {
        assertThat(identifyTop("nexus", cbsa, 12)).isEqualTo("cbp-traveller");
        assertThat(identifyTop("nexus", cbp, 11)).isEqualTo("cbsa-traveller");
    }

    @Test
    void theLookoutListIsSharedSearchOnly() {
        assertThat(identifyTop("lookout-us", cbsa, 13)).isEqualTo("wanted");

        assertDenied(() -> enroll(cbsa, "lookout-us", "someone", 4), "'cbsa-nexus' (agency CBSA)", "enroll", "lookout-us");
        assertDenied(() -> SubjectsGrpc.newBlockingStub(cbsa).deleteSubject(DeleteSubjectRequest.newBuilder()
                .setGallery("lookout-us").setSubjectId("wanted").build()), "enroll", "lookout-us");
        assertThat(identifyTop("lookout-us", cbp, 13)).as("still enrolled").isEqualTo("wanted");
    }

    @Test
    void aGalleryOutsideEveryGrantIsDeniedAndNotListed() {
        assertDenied(() -> identifyTop("cbp-secondary", cbsa, 1), "verify", "cbp-secondary");
        assertThat(GalleriesGrpc.newBlockingStub(cbsa).listGalleries(ListGalleriesRequest.getDefaultInstance())
                .getGalleriesList()).extracting(GalleryInfo::getName).containsExactlyInAnyOrder("nexus", "lookout-us");
        assertThat(GalleriesGrpc.newBlockingStub(server.as(ADMIN)).listGalleries(ListGalleriesRequest.getDefaultInstance())
                .getGalleriesList()).extracting(GalleryInfo::getName)
                .containsExactlyInAnyOrder("nexus", "lookout-us", "cbp-secondary");
    }

    @Test
    void aVerifyAgainstACardNeedsTheVerifyRoleOnSomeGallery() {
        byte[] card = TemplatesGrpc.newBlockingStub(cbsa).extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(5, 0)).build()).getTemplate().toByteArray();
        VerifyRequest request = VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(5, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(ByteString.copyFrom(card))).build();

        assertThat(MatchingGrpc.newBlockingStub(cbsa).verify(request).getDecision().getMatch()).isTrue();
        assertDenied(() -> MatchingGrpc.newBlockingStub(server.as(CBSA_KIOSK)).verify(request),
                "'cbsa-enrollment-kiosk' (agency CBSA)", "verify", "on any gallery");
    }

    @Test
    void aBulkStreamStopsAtTheFirstItemOutsideTheGrants() throws Exception {
        assertThatThrownBy(() -> BulkEnrollClient.enroll(cbsa, List.of(
                request("nexus", "bulk-ok", 6), request("lookout-us", "bulk-forbidden", 7))))
                .isInstanceOfSatisfying(ExecutionException.class, e -> {
                    Status status = Status.fromThrowable(e);
                    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(status.getDescription()).contains("enroll", "lookout-us", "BulkEnroll");
                });
        BulkEnrollResults allowed = BulkEnrollClient.enroll(cbsa, List.of(request("nexus", "bulk-allowed", 8)));
        assertThat(allowed.enrolled()).isEqualTo(1);
    }

    private static void enroll(ManagedChannel channel, String gallery, String subject, int finger) {
        SubjectsGrpc.newBlockingStub(channel).enroll(request(gallery, subject, finger));
    }

    private static EnrollRequest request(String gallery, String subject, int finger) {
        return EnrollRequest.newBuilder().setGallery(gallery).setSubjectId(subject)
                .addSamples(GeneratedFingers.sample(finger, 0)).build();
    }

    private static String identifyTop(String gallery, ManagedChannel channel, int finger) {
        IdentifyResponse response = MatchingGrpc.newBlockingStub(channel).identify(IdentifyRequest.newBuilder()
                .setGallery(gallery).addProbe(GeneratedFingers.sample(finger, 1)).build());
        assertThat(response.getCandidatesList()).isNotEmpty();
        return response.getCandidates(0).getSubjectId();
    }

    private static void assertDenied(Runnable call, String... messageParts) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).contains(messageParts);
        });
    }
}
