package dev.ridgeline.cluster;

import static dev.ridgeline.cluster.TestCluster.search;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.match.Coverage;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.store.KeyRing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Three real Hazelcast members on loopback over one real PostgreSQL: enrollments land in the
 * database, any member finds subjects another owns, a cold cluster reloads everything, losing a
 * member loses no subject, and an answer either covers every partition or is refused.
 */
class ClusterTest extends PostgresBackedTest {

    private static final int SUBJECTS = 300;
    private static final KeyRing KEYS = storeKey("cluster-a", 1);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static void enrollAll(ClusterMember member) {
        member.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
        for (int identity = 0; identity < SUBJECTS; identity++) {
            member.enroll("nexus", TestSubjects.enrolled(identity));
        }
    }

    private static SubjectScore best(ClusterMember member, int identity) {
        GatheredSearch answer = search(member, identity, 5, DEADLINE);
        assertThat(answer.coverage().complete()).isTrue();
        return answer.ranked().getFirst();
    }

    private static void assertEveryoneFound(ClusterMember member) {
        for (int identity = 0; identity < SUBJECTS; identity++) {
            assertThat(best(member, identity).subjectId()).isEqualTo(TestSubjects.id(identity));
        }
    }

    @Test
    void anyMemberFindsSubjectsOwnedByOthersAndTheAnswerStatesItsCoverage() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(3, database, KEYS)) {
            enrollAll(cluster.member(0));
            // Read-your-writes: an acknowledged enrollment is in its owner's galleries already.
            assertThat(cluster.ownedSubjects()).isEqualTo(SUBJECTS);
            // The partitions, and so the subjects, are spread over all three members.
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.member(i).ownedSubjects()).isBetween(50L, 150L);
            }
            for (int i = 0; i < 3; i++) {
                GatheredSearch answer = search(cluster.member(i), 7, 3, DEADLINE);
                assertThat(answer.coverage()).isEqualTo(new Coverage(3, 271, 271, 1));
                assertThat(answer.searched()).isEqualTo(SUBJECTS);
                assertThat(answer.ranked()).hasSize(3);
                assertThat(answer.ranked().getFirst().subjectId()).isEqualTo(TestSubjects.id(7));
            }
            assertEveryoneFound(cluster.member(1));
        }
    }

    @Test
    void enrollmentsAndDeletionsAreCommittedToPostgresSealedAndTheGridHoldsNoSubjects() throws Exception {
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

            // The grid holds nothing per subject: its maps hold no entries (the duplicate checks' are key locks).
            for (HazelcastInstance member : cluster.gridMembers()) {
                for (var object : member.getDistributedObjects()) {
                    if (object instanceof IMap<?, ?> map) {
                        assertThat(map.getLocalMapStats().getOwnedEntryCount()).as(map.getName()).isZero();
                    }
                }
            }

            cluster.member(1).deleteSubject("nexus", TestSubjects.id(3));
            assertThat(reader.subject("nexus", TestSubjects.id(3))).isEmpty();
            cluster.awaitOwnedSubjects(SUBJECTS - 1);
            assertThat(best(cluster.member(0), 3).subjectId()).isNotEqualTo(TestSubjects.id(3));
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
                    GatheredSearch answer = search(cluster.member(identity % 2), identity, 3, Duration.ofMillis(30));
                    assertThat(answer.coverage().complete()).isTrue();
                    assertThat(answer.ranked().getFirst().subjectId()).isEqualTo(TestSubjects.id(identity));
                    answered++;
                } catch (EngineException e) {
                    assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
                }
            }
            System.out.println(answered + " of 40 searches answered in 30 ms right after a member was lost");
            cluster.awaitOwnedSubjects(SUBJECTS);
            assertEveryoneFound(cluster.member(1));
            assertThat(search(cluster.member(0), 1, 1, DEADLINE).coverage().members()).isEqualTo(2);
        }
    }

    @Test
    void aPartitionNoMemberCanHoldMakesEverySearchUnavailableWhileTheOthersLoad() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        PostgresStore.open(database, KEYS).close(); // the cluster's key check, written first
        // A writer that can read the cluster's key passes its check, but seals with a key the cluster lacks.
        try (PostgresStore otherKey = PostgresStore.open(database, storeKey("cluster-b", 2).readingAlso(KEYS))) {
            otherKey.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            // Sealed under a key the cluster does not have: its partition's owner cannot open it.
            otherKey.putSubjects("nexus", List.of(TestSubjects.enrolled(0)));
        }
        // Enough good records that each member opens its share on several threads, the bad one among them.
        List<SubjectRecord> good = IntStream.rangeClosed(1, 1200).mapToObj(TestSubjects::enrolled).toList();
        try (PostgresStore writer = PostgresStore.open(database, KEYS)) {
            writer.putSubjects("nexus", good);
        }
        int badPartition = new SubjectKey("nexus", TestSubjects.id(0)).partition();
        long beside = good.stream().filter(record -> new SubjectKey("nexus", record.subjectId()).partition() != badPartition)
                .count();
        try (TestCluster cluster = TestCluster.startLoading(2, database, KEYS, ClusterSettings.DEFAULT_BACKUPS)) {
            // Every other partition is loaded whole.
            cluster.awaitOwnedSubjects(beside);
            // Long enough for both members to answer on a loaded machine: the refusal must be the coverage, not a timeout.
            assertThatThrownBy(() -> search(cluster.member(0), 0, 1, Duration.ofSeconds(3)))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("270 of 271 covered by 2 members");
                    });
        }
    }
}
