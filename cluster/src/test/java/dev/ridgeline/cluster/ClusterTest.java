package dev.ridgeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.cluster.postgres.TestPostgres;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.store.KeyRing;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three real Hazelcast members on loopback over one real PostgreSQL: enrollments land in the
 * database, any member finds subjects another owns, a cold cluster reloads everything, losing a
 * member loses no subject, and an answer either covers every partition or is refused.
 */
class ClusterTest {

    private static final int SUBJECTS = 300;
    private static final KeyRing KEYS = key("cluster-a", 1);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private static KeyRing key(String id, int fill) {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) fill);
        return KeyRing.parse(id + "=" + Base64.getEncoder().encodeToString(secret), "test");
    }

    private static void enrollAll(ClusterMember member) {
        member.createGallery("nexus", 2, 0);
        for (int identity = 0; identity < SUBJECTS; identity++) {
            member.enroll("nexus", TestSubjects.enrolled(identity));
        }
    }

    private static RankedCandidate best(ClusterMember member, int identity) {
        ClusterIdentification answer = member.identify("nexus", TestSubjects.probe(identity), AttributeFilter.NONE, 5, 0,
                DEADLINE);
        assertThat(answer.coverage().complete()).isTrue();
        return answer.identification().candidates().getFirst();
    }

    private static void assertEveryoneFound(ClusterMember member) {
        for (int identity = 0; identity < SUBJECTS; identity++) {
            RankedCandidate best = best(member, identity);
            assertThat(best.score().subjectId()).isEqualTo(TestSubjects.id(identity));
            assertThat(best.decision().match()).isTrue();
        }
    }

    @Test
    void anyMemberFindsSubjectsOwnedByOthersAndTheAnswerStatesItsCoverage() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(3, database, KEYS)) {
            enrollAll(cluster.member(0));
            cluster.awaitOwnedSubjects(SUBJECTS);
            // The partitions, and so the subjects, are spread over all three members.
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.member(i).ownedSubjects()).isBetween(50L, 150L);
            }
            for (int i = 0; i < 3; i++) {
                ClusterIdentification answer = cluster.member(i).identify("nexus", TestSubjects.probe(7),
                        AttributeFilter.NONE, 3, 0, DEADLINE);
                assertThat(answer.coverage()).isEqualTo(new Coverage(3, 271, 271, 1));
                assertThat(answer.identification().searched()).isEqualTo(SUBJECTS);
                assertThat(answer.identification().candidates()).hasSize(3);
                assertThat(answer.identification().candidates().getFirst().score().subjectId())
                        .isEqualTo(TestSubjects.id(7));
            }
            assertEveryoneFound(cluster.member(1));
        }
    }

    @Test
    void enrollmentsAndDeletionsAreWrittenThroughToPostgresSealed() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(2, database, KEYS);
             PostgresStore reader = PostgresStore.open(database, KEYS)) {
            enrollAll(cluster.member(0));
            // Acknowledged means committed: every subject is in PostgreSQL when enroll returns.
            assertThat(reader.keys()).hasSize(SUBJECTS);
            SubjectRecord stored = reader.subject("nexus", TestSubjects.id(3)).orElseThrow();
            assertThat(stored.templates().getFirst().toBytes()).isEqualTo(TestSubjects.enrolled(3).templates().getFirst().toBytes());
            byte[] sealed = reader.loadSealed(List.of(new SubjectKey("nexus", TestSubjects.id(3))))
                    .values().iterator().next();
            assertThat(sealed[0] & 0xff).as("sealed record format").isEqualTo(0x80);

            cluster.member(1).deleteSubject("nexus", TestSubjects.id(3));
            assertThat(reader.subject("nexus", TestSubjects.id(3))).isEmpty();
            cluster.awaitOwnedSubjects(SUBJECTS - 1);
            assertThat(best(cluster.member(0), 3).score().subjectId()).isNotEqualTo(TestSubjects.id(3));
            assertThatThrownBy(() -> cluster.member(0).deleteSubject("nexus", TestSubjects.id(3)))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.NOT_FOUND));
        }
    }

    @Test
    void aColdClusterLoadsEverythingFromPostgresEachMemberItsOwnPartitions() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(3, database, KEYS)) {
            enrollAll(cluster.member(2));
        }
        try (TestCluster restarted = TestCluster.start(3, database, KEYS)) {
            restarted.awaitOwnedSubjects(SUBJECTS);
            for (int i = 0; i < 3; i++) {
                assertThat(restarted.member(i).ownedSubjects()).isPositive();
            }
            assertEveryoneFound(restarted.member(0));
        }
    }

    @Test
    void losingAMemberLosesNoSubjectAndNoAnswerIsSilentlyPartial() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(3, database, KEYS)) {
            enrollAll(cluster.member(0));
            cluster.awaitOwnedSubjects(SUBJECTS);
            cluster.crash(2);
            // While the backups of its partitions are promoted, every answer is complete or refused.
            int answered = 0;
            for (int identity : IntStream.range(0, 40).toArray()) {
                try {
                    ClusterIdentification answer = cluster.member(identity % 2).identify("nexus",
                            TestSubjects.probe(identity), AttributeFilter.NONE, 3, 0, Duration.ofMillis(30));
                    assertThat(answer.coverage().complete()).isTrue();
                    assertThat(answer.identification().candidates().getFirst().score().subjectId())
                            .isEqualTo(TestSubjects.id(identity));
                    answered++;
                } catch (EngineException e) {
                    assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
                }
            }
            System.out.println(answered + " of 40 searches answered in 30 ms right after a member was lost");
            cluster.awaitOwnedSubjects(SUBJECTS);
            assertEveryoneFound(cluster.member(1));
            assertThat(cluster.member(0).identify("nexus", TestSubjects.probe(1), AttributeFilter.NONE, 1, 0, DEADLINE)
                    .coverage().members()).isEqualTo(2);
        }
    }

    @Test
    void aPartitionNoMemberCanHoldMakesEverySearchUnavailable() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (PostgresStore otherKey = PostgresStore.open(database, key("cluster-b", 2))) {
            otherKey.createGallery(new dev.ridgeline.engine.gallery.GalleryConfig("nexus", 2, 1e-4,
                    java.time.Instant.now()));
            // Sealed under a key the cluster does not have: its partition's owner cannot open it.
            otherKey.putSubjects("nexus", List.of(TestSubjects.enrolled(0)));
        }
        try (TestCluster cluster = TestCluster.start(2, database, KEYS)) {
            assertThatThrownBy(() -> cluster.member(0).identify("nexus", TestSubjects.probe(0), AttributeFilter.NONE, 1,
                    0, Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("270 of 271 covered by 2 members");
                    });
        }
    }
}
