package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.ChangeBatch;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GalleryPublicationGrpc;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.SubscribeRequest;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.server.federation.CopyCheckpoint;
import dev.ridgeline.server.federation.Federation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared look-out lists between two deployments on loopback, each with its own CA, store and
 * partner file: the United States publishes its look-out list to Canada, which keeps a read-only
 * copy fed by the change stream. The stream is broken mid-way from both ends (the subscriber's
 * service restarted from its data directory, then the publisher's), and the copy ends up holding
 * exactly the publisher's subjects: none lost, none twice.
 */
class GalleryPublicationTest {

    static final String COPY = "us-cbp_lookout";
    private static final int FINGERS = 4;

    @TempDir
    Path root;

    static Map<String, Object> publishing(String disclosure, List<String> attributes, List<String> published) {
        Map<String, Object> agreement = agreement(List.of("lookout"), List.of("identify"), disclosure, attributes);
        agreement.put("publish", published);
        return agreement;
    }

    static Map<String, Object> subscribing(FederatedDeployment publisher, String gallery) {
        Map<String, Object> entry = new LinkedHashMap<>(publisher.asPartner(null));
        entry.put("subscriptions", List.of(Map.of("gallery", gallery)));
        return entry;
    }

    @Test
    void aCopyResumedAfterEitherSideRestartsHoldsEverySubjectOnceAndDeletionsReachIt() throws Exception {
        GeneratedFingers.prepare(FINGERS, 2);
        try (FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp")) {
            us.start(canada.asPartner(publishing("attributes", List.of("status"), List.of("lookout"))));
            List<Sample> templates = templates(us);
            Enroller enroller = new Enroller(us, templates);
            enroller.enroll(40);
            canada.start(subscribing(us, "lookout"));
            awaitCopy(canada, us, enroller, Duration.ofSeconds(60));

            // the subscriber stops mid-stream while the publisher keeps enrolling, and comes back from its data directory
            CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> enroller.enroll(120));
            await(() -> copied(canada) > 40, Duration.ofSeconds(30));
            canada.stop();
            meanwhile.join();
            canada.start(subscribing(us, "lookout"));
            awaitCopy(canada, us, enroller, Duration.ofSeconds(60));

            // the publisher stops mid-stream, while enrolling, and comes back on a new port; the subscriber's file follows it
            meanwhile = CompletableFuture.runAsync(() -> enroller.enroll(1000));
            await(() -> copied(canada) > 170, Duration.ofSeconds(30));
            us.stop();
            meanwhile.join();
            us.start(canada.asPartner(publishing("attributes", List.of("status"), List.of("lookout"))));
            enroller.settle();
            canada.writePartners(subscribing(us, "lookout"));
            enroller.enroll(20);
            awaitCopy(canada, us, enroller, Duration.ofSeconds(60));
            CopyCheckpoint checkpoint = checkpoint(canada);
            assertThat(checkpoint.applied()).isEqualTo(enroller.count()).isEqualTo(checkpoint.head());
            assertThat(checkpoint.lagChanges()).isZero();
            assertThat(partnersStatus(canada)).contains("us-cbp       lookout          us-cbp_lookout")
                    .contains("RESULT copies=1 max_lag_changes=0 max_lag_seconds=0.0");

            // every subject is in the copy, with the attributes the agreement discloses and no others
            SubjectsGrpc.SubjectsBlockingStub copy = SubjectsGrpc.newBlockingStub(canada.channel());
            for (String id : enroller.enrolled) {
                assertThat(copy.getSubject(GetSubjectRequest.newBuilder().setGallery(COPY).setSubjectId(id).build())
                        .getAttributesMap()).containsExactly(Map.entry("status", "WANTED"));
            }

            // searched like a local gallery: no partner is asked
            IdentifyResponse found = MatchingGrpc.newBlockingStub(canada.channel()).identify(IdentifyRequest.newBuilder()
                    .setGallery(COPY).addProbe(GeneratedFingers.sample(2, 1)).setMaxResults(500).build());
            assertThat(found.getCandidatesList()).isNotEmpty().allSatisfy(candidate ->
                    assertThat(enroller.fingerOf(candidate.getSubjectId())).isEqualTo(2));

            // a deletion and a revocation at the publisher reach the copy within seconds
            SubjectsGrpc.SubjectsBlockingStub publisher = SubjectsGrpc.newBlockingStub(us.channel());
            String deleted = enroller.enrolled.getFirst();
            String revoked = enroller.enrolled.get(1);
            long started = System.nanoTime();
            publisher.deleteSubject(DeleteSubjectRequest.newBuilder().setGallery("lookout").setSubjectId(deleted).build());
            publisher.updateAttributes(UpdateAttributesRequest.newBuilder().setGallery("lookout").setSubjectId(revoked)
                    .putAttributes("status", "REVOKED").build());
            await(() -> !holds(canada, deleted) && copy.getSubject(GetSubjectRequest.newBuilder().setGallery(COPY)
                    .setSubjectId(revoked).build()).getAttributesMap().get("status").equals("REVOKED"), Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(copied(canada)).isEqualTo(enroller.count() - 1);

            // the copy is read-only for local callers
            Sample probe = templates.getFirst();
            assertThatThrownBy(() -> copy.enroll(EnrollRequest.newBuilder().setGallery(COPY).setSubjectId("X-1")
                    .addSamples(probe).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).contains("read-only copy of us-cbp:lookout");
                    });
            assertThatThrownBy(() -> copy.deleteSubject(DeleteSubjectRequest.newBuilder().setGallery(COPY)
                    .setSubjectId(revoked).build())).hasMessageContaining("FAILED_PRECONDITION");
            assertThatThrownBy(() -> GalleriesGrpc.newBlockingStub(canada.channel())
                    .deleteGallery(DeleteGalleryRequest.newBuilder().setName(COPY).build()))
                    .hasMessageContaining("FAILED_PRECONDITION");
            assertThat(holds(canada, revoked)).isTrue();

            // both sides audited each stream's start and stop
            assertThat(us.auditLines()).filteredOn(line -> line.contains("\"publication\":\"published\""))
                    .anySatisfy(line -> assertThat(line).contains("\"event\":\"start\"", "\"partner\":\"ca-cbsa\""))
                    .anySatisfy(line -> assertThat(line).contains("\"event\":\"stop\""));
            assertThat(canada.auditLines()).filteredOn(line -> line.contains("\"publication\":\"subscribed\""))
                    .anySatisfy(line -> assertThat(line).contains("\"event\":\"start\"", "\"local_gallery\":\"" + COPY))
                    .anySatisfy(line -> assertThat(line).contains("\"event\":\"stop\""));
        }
    }

    @Test
    void onlyAnAgreementThatPublishesTheGalleryAdmitsASubscriptionAndHitNoHitCopiesHoldPseudonyms() throws Exception {
        GeneratedFingers.prepare(FINGERS, 2);
        try (FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp")) {
            us.start(canada.asPartner(publishing("hit/no-hit", List.of(), List.of("lookout"))));
            Enroller enroller = new Enroller(us, templates(us));
            enroller.enroll(10);
            GalleriesGrpc.newBlockingStub(us.channel()).createGallery(CreateGalleryRequest.newBuilder().setName("nexus").build());
            canada.start(subscribing(us, "lookout"));

            // a gallery the agreement does not publish: refused, with the reason
            Iterator<ChangeBatch> refused = GalleryPublicationGrpc.newBlockingStub(us.partnerChannelAs(canada.identity))
                    .subscribe(SubscribeRequest.newBuilder().setGallery("nexus").build());
            assertThatThrownBy(refused::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription())
                        .isEqualTo("the agreement with partner 'ca-cbsa' does not publish gallery 'nexus' (it publishes: lookout)");
            });

            // the published one under hit/no-hit: every subject, under ids that are not the publisher's, with no attribute
            await(() -> copied(canada) == 10, Duration.ofSeconds(60));
            assertThat(holds(canada, enroller.enrolled.getFirst())).isFalse();
            IdentifyResponse atPublisher = MatchingGrpc.newBlockingStub(us.channel()).identify(IdentifyRequest.newBuilder()
                    .setGallery("lookout").addProbe(GeneratedFingers.sample(2, 1)).setMaxResults(1).build());
            IdentifyResponse found = MatchingGrpc.newBlockingStub(canada.channel()).identify(IdentifyRequest.newBuilder()
                    .setGallery(COPY).addProbe(GeneratedFingers.sample(2, 1)).setMaxResults(1).build());
            assertThat(found.getCandidates(0).getDecision()).isEqualTo(atPublisher.getCandidates(0).getDecision());
            assertThat(found.getCandidatesList()).singleElement().satisfies(candidate -> {
                assertThat(candidate.getSubjectId()).matches("[0-9a-f]{32}").isNotIn(enroller.enrolled);
                assertThat(SubjectsGrpc.newBlockingStub(canada.channel()).getSubject(GetSubjectRequest.newBuilder()
                        .setGallery(COPY).setSubjectId(candidate.getSubjectId()).build()).getAttributesMap()).isEmpty();
            });
            // the pseudonym is stable: the deletion of a subject finds its copy
            SubjectsGrpc.newBlockingStub(us.channel()).deleteSubject(DeleteSubjectRequest.newBuilder().setGallery("lookout")
                    .setSubjectId(enroller.enrolled.getFirst()).build());
            await(() -> copied(canada) == 9, Duration.ofSeconds(5));

            // the publication withdrawn: the stream is refused and the copy emptied
            us.writePartners(canada.asPartner(publishing("hit/no-hit", List.of(), List.of())));
            await(() -> !galleryExists(canada) && checkpoint(canada).problem() != null, Duration.ofSeconds(10));
            assertThat(checkpoint(canada).problem()).contains("PERMISSION_DENIED", "does not publish gallery 'lookout'");
            assertThat(checkpoint(canada).applied()).isZero();
            assertThat(us.auditLines()).anySatisfy(line -> assertThat(line)
                    .contains("\"publication\":\"published\"", "\"event\":\"stop\"", "\"status\":\"PERMISSION_DENIED\""));
        }
    }

    /** Enrolls subjects at the publisher, each with one of a few fingers' templates, and remembers which. */
    private static final class Enroller {
        private final FederatedDeployment deployment;
        private final List<Sample> templates;
        final List<String> enrolled = new ArrayList<>();
        private final AtomicInteger next = new AtomicInteger();
        private volatile String inFlight;

        Enroller(FederatedDeployment deployment, List<Sample> templates) {
            this.deployment = deployment;
            this.templates = templates;
        }

        /** Enrolls {@code subjects}, or fewer when the publisher stops: the one in flight then is {@link #settle}d. */
        void enroll(int subjects) {
            SubjectsGrpc.SubjectsBlockingStub stub = SubjectsGrpc.newBlockingStub(deployment.channel());
            for (int i = 0; i < subjects; i++) {
                int number = next.getAndIncrement();
                String id = "US-" + number;
                try {
                    stub.enroll(EnrollRequest.newBuilder().setGallery("lookout").setSubjectId(id)
                            .putAttributes("status", "WANTED").putAttributes("programme", "NEXUS")
                            .addSamples(templates.get(number % FINGERS)).build());
                } catch (StatusRuntimeException stopped) {
                    inFlight = id;
                    return;
                }
                synchronized (enrolled) {
                    enrolled.add(id);
                }
            }
        }

        /** After a restart: the enrollment the stop interrupted counts if the publisher made it durable. */
        void settle() {
            if (inFlight != null && holds(deployment, "lookout", inFlight)) {
                enrolled.add(inFlight);
            }
            inFlight = null;
        }

        int count() {
            return enrolled.size();
        }

        int fingerOf(String id) {
            return Integer.parseInt(id.substring(3)) % FINGERS;
        }
    }

    /** One Ridgeline template per finger (impression 0), so enrollments take no image templating. */
    static List<Sample> templates(FederatedDeployment deployment) {
        GalleriesGrpc.newBlockingStub(deployment.channel()).createGallery(CreateGalleryRequest.newBuilder().setName("lookout").build());
        List<Sample> templates = new ArrayList<>();
        for (int finger = 0; finger < FINGERS; finger++) {
            ByteString template = TemplatesGrpc.newBlockingStub(deployment.channel()).extractTemplate(
                    ExtractTemplateRequest.newBuilder().setSample(GeneratedFingers.sample(finger, 0)).build()).getTemplate();
            templates.add(Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(template).build());
        }
        return templates;
    }

    /** Waits until the copy holds exactly the publisher's subjects, then checks them one by one. */
    private static void awaitCopy(FederatedDeployment canada, FederatedDeployment us, Enroller enroller, Duration within)
            throws Exception {
        await(() -> copied(canada) == enroller.count() && checkpoint(canada).applied() == enroller.count(), within);
        assertThat(subjects(us, "lookout")).isEqualTo(enroller.count());
        Set<String> missing = new TreeSet<>();
        for (String id : enroller.enrolled) {
            if (!holds(canada, id)) {
                missing.add(id);
            }
        }
        assertThat(missing).as("subjects lost on the way").isEmpty();
    }

    private static long copied(FederatedDeployment canada) {
        return galleryExists(canada) ? subjects(canada, COPY) : -1;
    }

    private static long subjects(FederatedDeployment deployment, String gallery) {
        return GalleriesGrpc.newBlockingStub(deployment.channel())
                .describeGallery(DescribeGalleryRequest.newBuilder().setName(gallery).build()).getSubjects();
    }

    private static boolean galleryExists(FederatedDeployment canada) {
        return GalleriesGrpc.newBlockingStub(canada.channel()).listGalleries(
                dev.ridgeline.api.v1.ListGalleriesRequest.getDefaultInstance()).getGalleriesList().stream()
                .anyMatch(gallery -> gallery.getName().equals(COPY));
    }

    private static boolean holds(FederatedDeployment canada, String id) {
        return holds(canada, COPY, id);
    }

    private static boolean holds(FederatedDeployment deployment, String gallery, String id) {
        try {
            SubjectsGrpc.newBlockingStub(deployment.channel()).getSubject(GetSubjectRequest.newBuilder().setGallery(gallery)
                    .setSubjectId(id).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** What {@code ./ridgeline partners status} prints for the deployment's data directory. */
    private static String partnersStatus(FederatedDeployment deployment) {
        CommandRun status = CommandRun.of("partners", "status", "--data-dir", deployment.directory.resolve("data").toString());
        assertThat(status.exitCode()).isZero();
        return status.printed();
    }

    static CopyCheckpoint checkpoint(FederatedDeployment canada) {
        return CopyCheckpoint.readAll(Federation.copiesDirectory(canada.directory.resolve("data"))).getFirst();
    }

    private static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within);
            }
            Thread.sleep(20);
        }
    }
}
