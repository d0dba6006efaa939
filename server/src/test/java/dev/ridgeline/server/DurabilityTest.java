package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.api.v1.Clause;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.Filter;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import dev.ridgeline.api.v1.Subject;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.api.v1.VerifyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the service acknowledged is still there, and still matches, after a restart. */
class DurabilityTest {

    @TempDir
    Path dataDirectory;

    private static boolean verifies(ServerHarness harness, String gallery, String subjectId, int finger) {
        return harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(finger, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(gallery).setSubjectId(subjectId))
                .build()).getDecision().getMatch();
    }

    private static IdentifyResponse identifyIn(ServerHarness harness, int finger, String programme) {
        return harness.matching().identify(IdentifyRequest.newBuilder()
                .setGallery("sentri")
                .addProbe(GeneratedFingers.sample(finger, 1))
                .setFilter(Filter.newBuilder().addAllOf(Clause.newBuilder().setAttribute("programme").addAnyOf(programme)))
                .setIncludeNonMatches(true)
                .build());
    }

    @Test
    void enrollmentsUpdatesAndDeletesSurviveARestart() throws Exception {
        int[] fingers = {210, 211, 212, 213, 214, 215};
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            harness.createGallery("sentri");
            harness.createGallery("watchlist");
            for (int finger : fingers) {
                harness.enroll("sentri", "S" + finger, finger, 0);
            }
            harness.enroll("watchlist", "W1", 220, 0);
            harness.subjects().updateAttributes(UpdateAttributesRequest.newBuilder()
                    .setGallery("sentri").setSubjectId("S211").putAttributes("programme", "NEXUS").build());
            harness.subjects().deleteSubject(DeleteSubjectRequest.newBuilder()
                    .setGallery("sentri").setSubjectId("S212").build());
            assertThat(identifyIn(harness, 211, "NEXUS").getCandidatesList()).extracting(c -> c.getSubjectId())
                    .containsExactly("S211");

            harness.restart();

            assertThat(harness.galleries().listGalleries(ListGalleriesRequest.getDefaultInstance()).getGalleriesList())
                    .extracting(GalleryInfo::getName).containsExactly("sentri", "watchlist");
            GalleryInfo sentri = harness.galleries().describeGallery(DescribeGalleryRequest.newBuilder().setName("sentri").build());
            assertThat(sentri.getSubjects()).isEqualTo(5);
            assertThat(sentri.getTemplates()).isEqualTo(5);
            assertThat(sentri.getTemplateMemoryBytes()).isPositive();

            int matching = 0;
            for (int finger : fingers) {
                if (finger != 212) {
                    matching += verifies(harness, "sentri", "S" + finger, finger) ? 1 : 0;
                }
            }
            assertThat(matching).as("restored subjects that still verify").isGreaterThanOrEqualTo(4);
            assertThat(verifies(harness, "watchlist", "W1", 220)).isTrue();

            Subject updated = harness.subjects().getSubject(GetSubjectRequest.newBuilder()
                    .setGallery("sentri").setSubjectId("S211").build());
            assertThat(updated.getAttributesMap()).containsEntry("programme", "NEXUS");
            assertThat(updated.getTemplatesList()).singleElement().satisfies(t -> assertThat(t.getFeatureCount()).isPositive());
            assertThat(identifyIn(harness, 211, "NEXUS").getCandidatesList()).extracting(c -> c.getSubjectId())
                    .containsExactly("S211");

            assertThatThrownBy(() -> harness.subjects().getSubject(GetSubjectRequest.newBuilder()
                    .setGallery("sentri").setSubjectId("S212").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }
}
