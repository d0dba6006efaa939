package dev.ridgeline.server;

import static dev.ridgeline.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.ClusterStatus;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.GetClusterStatusRequest;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import dev.ridgeline.api.v1.MemberStatus;
import dev.ridgeline.api.v1.SearchCoverage;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.cluster.SubjectKey;
import dev.ridgeline.cluster.postgres.LocalPostgres;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC services over a cluster: three members, each a real gRPC server and Hazelcast member
 * on loopback, over a real PostgreSQL (the embedded one `serve --postgres embedded:DIR` starts).
 * Any member takes any call; an enrollment acknowledged by one is found at once by the others,
 * and every identify answer states it covered all members and partitions. With PostgreSQL
 * stopped, enrollments are refused UNAVAILABLE and leave nothing behind, searches go on from
 * memory, and enrollments resume once it is back.
 */
class ClusterServiceTest {

    private static final SearchCoverage EVERYTHING = SearchCoverage.newBuilder()
            .setMembers(3).setPartitionsCovered(271).setPartitions(271).setAttempts(1).build();

    @TempDir
    static Path directory;
    private static Path postgresDirectory;
    private static PostgresSettings postgres;
    private static ClusterMembers cluster;

    @BeforeAll
    static void startCluster() {
        GeneratedFingers.prepare(12, 1);
        postgresDirectory = directory.resolve("postgres");
        postgres = LocalPostgres.startOrAttach(postgresDirectory);
        cluster = ClusterMembers.start(3, postgres, directory);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        try {
            cluster.close();
        } finally {
            LocalPostgres.stop(postgresDirectory);
        }
    }

    private static EnrollRequest enrollment(String gallery, String id, int finger) {
        return EnrollRequest.newBuilder().setGallery(gallery).setSubjectId(id)
                .addSamples(GeneratedFingers.sample(finger, 0)).putAttributes("programme", "NEXUS").build();
    }

    /**
     * Probes present the enrolled capture again, so every search has a mate it must find: how
     * well other captures score is the matcher's business, tested on one node.
     */
    private static IdentifyResponse identify(int member, String gallery, int finger) {
        return cluster.matching(member).identify(IdentifyRequest.newBuilder().setGallery(gallery)
                .addProbe(GeneratedFingers.sample(finger, 0)).build());
    }

    /** A 1:1 of finger {@code finger}'s enrolled capture against subject {@code subjectId}, asked of {@code member}. */
    private static VerifyResponse verify(int member, String gallery, String subjectId, int finger) {
        return cluster.matching(member).verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(finger, 0))
                .setSubject(SubjectRef.newBuilder().setGallery(gallery).setSubjectId(subjectId)).build());
    }

    @Test
    void anyMemberServesEveryCallAndFindsWhatAnotherAcknowledged() throws Exception {
        cluster.galleries(0).createGallery(CreateGalleryRequest.newBuilder().setName("nexus").setShards(2).build());
        assertThat(cluster.galleries(1).listGalleries(ListGalleriesRequest.getDefaultInstance()).getGalleriesList())
                .extracting(GalleryInfo::getName).contains("nexus");

        for (int finger = 0; finger < 8; finger++) {
            cluster.subjects(finger).enroll(enrollment("nexus", "T" + finger, finger));
            // Read-your-writes: at once, on another member than the one that acknowledged it.
            IdentifyResponse found = identify(finger + 1, "nexus", finger);
            assertThat(found.getCoverage()).isEqualTo(EVERYTHING);
            assertThat(found.getCandidatesList()).extracting(Candidate::getSubjectId).first().isEqualTo("T" + finger);
            assertThat(found.getCandidates(0).getDecision().getMatch()).isTrue();
            assertThat(verify(finger + 2, "nexus", "T" + finger, finger).getDecision().getMatch()).isTrue();
        }
        assertStatus(() -> cluster.subjects(2).enroll(enrollment("nexus", "T3", 9)), Status.Code.ALREADY_EXISTS,
                "subject 'T3' is already enrolled in gallery 'nexus'");

        BulkEnrollResults bulk = BulkEnrollClient.enroll(cluster.channel(1), IntStream.range(8, 12)
                .mapToObj(finger -> enrollment("nexus", "T" + finger, finger)).toList());
        assertThat(bulk.enrolled()).isEqualTo(4);
        assertThat(identify(0, "nexus", 10).getCandidates(0).getSubjectId()).isEqualTo("T10");

        GalleryInfo described = cluster.galleries(2).describeGallery(DescribeGalleryRequest.newBuilder()
                .setName("nexus").build());
        assertThat(described.getSubjects()).isEqualTo(12);
        assertThat(described.getTemplatesPerShardList()).hasSize(2);
        assertThat(described.getTemplatesPerShardList().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);

        cluster.subjects(2).updateAttributes(UpdateAttributesRequest.newBuilder().setGallery("nexus")
                .setSubjectId("T4").putAttributes("programme", "SENTRI").build());
        assertThat(cluster.subjects(0).getSubject(GetSubjectRequest.newBuilder().setGallery("nexus")
                .setSubjectId("T4").build()).getAttributesMap()).containsEntry("programme", "SENTRI");

        cluster.subjects(1).deleteSubject(DeleteSubjectRequest.newBuilder().setGallery("nexus").setSubjectId("T5").build());
        assertStatus(() -> cluster.subjects(0).getSubject(GetSubjectRequest.newBuilder().setGallery("nexus")
                .setSubjectId("T5").build()), Status.Code.NOT_FOUND, "subject 'T5' is not enrolled");
        assertThat(identify(2, "nexus", 5).getCandidatesList()).extracting(Candidate::getSubjectId).doesNotContain("T5");
        assertStatus(() -> verify(0, "nexus", "T5", 5), Status.Code.NOT_FOUND, "subject 'T5' is not enrolled");
        assertThat(verify(1, "nexus", "T6", 7).getDecision().getMatch()).isFalse();

        assertThat(cluster.galleries(1).deleteGallery(DeleteGalleryRequest.newBuilder().setName("nexus").build())
                .getSubjectsDeleted()).isEqualTo(11);
        assertThat(cluster.galleries(0).listGalleries(ListGalleriesRequest.getDefaultInstance()).getGalleriesList())
                .extracting(GalleryInfo::getName).doesNotContain("nexus");
        try (PostgresStore store = PostgresStore.open(postgres, ClusterMembers.KEYS)) {
            assertThat(store.keys()).noneMatch(key -> key.gallery().equals("nexus"));
        }
    }

    @Test
    void anyMemberReportsTheClusterAndExportsItsOwnShareAsMetrics() throws Exception {
        cluster.galleries(2).createGallery(CreateGalleryRequest.newBuilder().setName("status").build());
        for (int finger = 0; finger < 3; finger++) {
            cluster.subjects(finger).enroll(enrollment("status", "S" + finger, finger));
        }
        long subjects = cluster.galleries(0).listGalleries(ListGalleriesRequest.getDefaultInstance())
                .getGalleriesList().stream().mapToLong(GalleryInfo::getSubjects).sum();

        ClusterStatus status = ServerInfoGrpc.newBlockingStub(cluster.channel(1))
                .getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
        assertThat(status.getPartitions()).isEqualTo(271);
        assertThat(status.getBackups()).isEqualTo(1);
        assertThat(status.getSafe()).isTrue();
        assertThat(status.getMigrationsInFlight()).isZero();
        assertThat(status.getMembersList()).hasSize(3).filteredOn(MemberStatus::getAnswering).hasSize(1);
        assertThat(status.getMembersList()).allSatisfy(member -> assertThat(member.getPartitionsOwned()).isPositive());
        assertThat(status.getMembersList().stream().mapToInt(MemberStatus::getPartitionsOwned).sum()).isEqualTo(271);
        assertThat(status.getMembersList().stream().mapToLong(MemberStatus::getSubjects).sum()).isEqualTo(subjects);
        assertThat(status.getPostgres().getReachable()).isTrue();
        assertThat(status.getPostgres().getUrl()).isEqualTo(postgres.jdbcUrl());

        double searchesBefore = metric(scrape(1), "ridgeline_cluster_search_member_seconds_count");
        identify(1, "status", 0);
        identify(1, "status", 1);
        String metrics = scrape(1);
        // The searches this member asked for, split into the slowest member's search and the rest.
        assertThat(metric(metrics, "ridgeline_cluster_search_member_seconds_count")).isEqualTo(searchesBefore + 2);
        assertThat(metric(metrics, "ridgeline_cluster_search_overhead_seconds_count")).isEqualTo(searchesBefore + 2);
        assertThat(metric(metrics, "ridgeline_cluster_search_member_seconds_sum")).isPositive();
        assertThat(metric(metrics, "ridgeline_cluster_search_overhead_seconds_sum")).isPositive();
        MemberStatus answering = status.getMembersList().stream().filter(MemberStatus::getAnswering).findFirst().orElseThrow();
        assertThat(metrics)
                .contains("ridgeline_cluster_members 3.0")
                .contains("ridgeline_cluster_partitions_owned " + answering.getPartitionsOwned() + ".0")
                .contains("ridgeline_cluster_postgres_up 1.0");
        // Its partitions were read from PostgreSQL: at least those it owns now.
        assertThat(metric(metrics, "ridgeline_cluster_partitions_loaded")).isGreaterThanOrEqualTo(answering.getPartitionsOwned());
    }

    private static String scrape(int member) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + cluster.metricsPort(member) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of an unlabelled sample in Prometheus text, 0 when absent. */
    private static double metric(String text, String name) {
        return text.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line ->
                Double.parseDouble(line.substring(name.length() + 1).trim())).findFirst().orElse(0);
    }

    @Test
    void withPostgresStoppedEnrollmentsAreRefusedSearchesGoOnAndEnrollmentsResumeWhenItReturns() throws Exception {
        cluster.galleries(1).createGallery(CreateGalleryRequest.newBuilder().setName("watch").build());
        cluster.subjects(0).enroll(enrollment("watch", "W0", 0));
        cluster.subjects(1).enroll(enrollment("watch", "W1", 1));

        LocalPostgres.stop(postgresDirectory);
        try {
            for (int member = 0; member < 3; member++) {
                int attempt = member;
                assertStatus(() -> cluster.subjects(attempt).enroll(enrollment("watch", "W2", 2)),
                        Status.Code.UNAVAILABLE, "PostgreSQL");
                // Not acknowledged, and not held anywhere either.
                assertStatus(() -> cluster.subjects(attempt).getSubject(GetSubjectRequest.newBuilder()
                        .setGallery("watch").setSubjectId("W2").build()), Status.Code.NOT_FOUND, "not enrolled");
                IdentifyResponse found = identify(member, "watch", 1);
                assertThat(found.getCoverage()).isEqualTo(EVERYTHING);
                assertThat(found.getCandidates(0).getSubjectId()).isEqualTo("W1");
                // A booth's 1:1 needs the owner's galleries, not PostgreSQL.
                assertThat(verify(member, "watch", "W0", 0).getDecision().getMatch()).isTrue();
                assertThat(verify(member, "watch", "W1", 0).getDecision().getMatch()).isFalse();
                assertStatus(() -> verify(attempt, "watch", "W2", 2), Status.Code.NOT_FOUND, "not enrolled");
            }
        } finally {
            LocalPostgres.startOrAttach(postgresDirectory);
        }

        cluster.subjects(2).enroll(enrollment("watch", "W2", 2));
        assertThat(identify(0, "watch", 2).getCandidates(0).getSubjectId()).isEqualTo("W2");
        try (PostgresStore store = PostgresStore.open(postgres, ClusterMembers.KEYS)) {
            assertThat(store.keys()).contains(new SubjectKey("watch", "W2"));
        }
    }
}
