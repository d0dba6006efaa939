package dev.ridgeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.store.SealedRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A batch of enrollments goes to each partition owner as one share, committed in one transaction:
 * PostgreSQL decides which ids are free, every record of the batch gets its own answer, and a share
 * sent again after its owner's answer was lost is recognised rather than refused.
 */
class BulkEnrollmentTest extends PostgresBackedTest {

    private static final KeyRing KEYS = storeKey("cluster-a", 1);

    @Test
    void aBatchEnrollsFreeIdsAndRefusesTakenAndRepeatedOnesEachOnItsOwn() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(2, database, KEYS);
             PostgresStore reader = PostgresStore.open(database, KEYS)) {
            cluster.member(0).createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            cluster.member(0).enroll("nexus", TestSubjects.enrolled(0));

            List<SubjectRecord> batch = new ArrayList<>(IntStream.range(1, 41).mapToObj(TestSubjects::enrolled).toList());
            batch.add(TestSubjects.enrolledAs(50, TestSubjects.id(0)));   // taken before the batch
            batch.add(TestSubjects.enrolledAs(51, TestSubjects.id(7)));   // taken earlier in the batch
            List<RuntimeException> failures = cluster.member(1).enrollAll("nexus", batch);

            assertThat(failures.subList(0, 40)).containsOnlyNulls();
            assertThat(failures.subList(40, 42)).allSatisfy(BulkEnrollmentTest::assertAlreadyExists);
            // Acknowledged means committed and searchable on whichever member owns it.
            assertThat(reader.keys()).hasSize(41);
            assertThat(cluster.ownedSubjects()).isEqualTo(41);
            for (int identity : new int[] {0, 7, 40}) {
                assertThat(search(cluster.member(0), identity).ranked().getFirst().subjectId())
                        .isEqualTo(TestSubjects.id(identity));
            }
            // The refused records changed nothing.
            assertStoredFaceIs(reader, 0);
        }
    }

    @Test
    void anIdStoredInPostgresButNotInAnyGalleryIsTaken() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(2, database, KEYS);
             PostgresStore writer = PostgresStore.open(database, KEYS)) {
            cluster.member(0).createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            // Another writer of the system of record (a fill of PostgreSQL while the cluster runs, say).
            writer.putSubjects("nexus", List.of(TestSubjects.enrolled(3)));

            List<RuntimeException> failures = cluster.member(0).enrollAll("nexus",
                    List.of(TestSubjects.enrolledAs(4, TestSubjects.id(3))));

            assertAlreadyExists(failures.getFirst());
            assertStoredFaceIs(writer, 3);
        }
    }

    @Test
    void aShareSentAgainAfterItsCommitIsEnrolledOnceNotRefused() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(1, database, KEYS);
             PostgresStore reader = PostgresStore.open(database, KEYS)) {
            ClusterMember owner = cluster.member(0);
            owner.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            SealedRecords sealed = new SealedRecords(KEYS);
            Map<String, byte[]> share = Map.of(TestSubjects.id(5), sealed.seal("nexus", TestSubjects.enrolled(5)),
                    TestSubjects.id(6), sealed.seal("nexus", TestSubjects.enrolled(6)));

            ShareOutcome enrolled = new ShareOutcome(Set.of(), Set.of());
            assertThat(owner.enrollOwned("nexus", share)).isEqualTo(enrolled);
            // The same sealed bytes again, as when the caller lost the first answer with its member.
            assertThat(owner.enrollOwned("nexus", share)).isEqualTo(enrolled);
            // Another record under a stored id is still refused.
            assertThat(owner.enrollOwned("nexus",
                    Map.of(TestSubjects.id(5), sealed.seal("nexus", TestSubjects.enrolled(5)))))
                    .isEqualTo(new ShareOutcome(Set.of(TestSubjects.id(5)), Set.of()));

            assertThat(reader.keys()).hasSize(2);
            assertThat(owner.ownedSubjects()).isEqualTo(2);
            assertThat(search(owner, 6).ranked().getFirst().subjectId()).isEqualTo(TestSubjects.id(6));
        }
    }

    private static void assertAlreadyExists(RuntimeException failure) {
        assertThat(failure).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.ALREADY_EXISTS));
    }

    /** The subject stored under traveller {@code identity}'s id holds that traveller's own face. */
    private static void assertStoredFaceIs(PostgresStore store, int identity) {
        assertThat(store.subject("nexus", TestSubjects.id(identity)).orElseThrow().templates().getFirst().toBytes())
                .isEqualTo(TestSubjects.enrolled(identity).templates().getFirst().toBytes());
    }

    private static GatheredSearch search(ClusterMember member, int identity) {
        GatheredSearch answer = member.search("nexus", TestSubjects.probe(identity), AttributeFilter.NONE, 3,
                SearchMode.TWO_STAGE, Duration.ofSeconds(10), Cancellation.NEVER);
        assertThat(answer.coverage().complete()).isTrue();
        return answer;
    }

}
