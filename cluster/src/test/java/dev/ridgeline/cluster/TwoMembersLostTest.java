package dev.ridgeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.store.KeyRing;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Four real members; two die at once. Every partition they owned is gone from memory: until the
 * survivors have read those partitions from PostgreSQL every search is refused, never answered
 * without them, and afterwards every subject is found again.
 */
class TwoMembersLostTest extends PostgresBackedTest {

    private static final int SUBJECTS = 200;
    private static final KeyRing KEYS = storeKey("cluster-a", 1);

    @Test
    void partitionsOfTwoMembersThatDiedTogetherAreReadAgainFromPostgres() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(4, database, KEYS)) {
            cluster.member(0).createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            for (int identity = 0; identity < SUBJECTS; identity++) {
                cluster.member(identity % 4).enroll("nexus", TestSubjects.enrolled(identity));
            }
            cluster.awaitOwnedSubjects(SUBJECTS);
            // Until the rebalance is done, members 2 and 3 may own no partition with its backup on the other.
            long safeBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!cluster.member(0).safe() || cluster.member(0).migrationsInFlight() > 0) {
                assertThat(System.nanoTime()).as("the cluster became safe in 30 s").isLessThan(safeBy);
                Thread.sleep(20);
            }
            long loadedBefore = cluster.member(0).loadedPartitions() + cluster.member(1).loadedPartitions();
            int orphaned = cluster.member(2).localStatus().ownedPartitions() + cluster.member(3).localStatus().ownedPartitions();
            cluster.crashTogether(2, 3);
            // An id whose partition is not back yet is still taken: PostgreSQL is asked, nothing is overwritten.
            for (int identity = 0; identity < SUBJECTS; identity += 5) {
                SubjectRecord impostor = TestSubjects.enrolled(SUBJECTS + identity);
                SubjectRecord sameId = new SubjectRecord(TestSubjects.id(identity), impostor.attributes(),
                        impostor.templates(), impostor.enrolled());
                assertThatThrownBy(() -> cluster.member(0).enroll("nexus", sameId))
                        .isInstanceOfSatisfying(EngineException.class,
                                e -> assertThat(e.kind()).isIn(EngineException.Kind.ALREADY_EXISTS,
                                        EngineException.Kind.UNAVAILABLE));
            }
            int answered = 0;
            int refused = 0;
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int identity = 0; answered < 20 && System.nanoTime() < until; identity = (identity + 1) % SUBJECTS) {
                try {
                    GatheredSearch answer = cluster.member(identity % 2).search("nexus", TestSubjects.probe(identity),
                            AttributeFilter.NONE, 1, SearchMode.TWO_STAGE, Duration.ofMillis(200), Cancellation.NEVER);
                    assertThat(answer.coverage().complete()).isTrue();
                    assertThat(answer.ranked().getFirst().subjectId()).isEqualTo(TestSubjects.id(identity));
                    answered++;
                } catch (EngineException e) {
                    assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
                    refused++;
                }
            }
            System.out.println(refused + " searches refused before " + answered + " complete ones");
            assertThat(answered).isEqualTo(20);
            // Each partition the dead members owned was read from PostgreSQL by a survivor.
            assertThat(cluster.member(0).loadedPartitions() + cluster.member(1).loadedPartitions() - loadedBefore)
                    .isGreaterThanOrEqualTo(orphaned);
            cluster.awaitOwnedSubjects(SUBJECTS);
            for (int identity = 0; identity < SUBJECTS; identity++) {
                GatheredSearch answer = cluster.member(identity % 2).search("nexus", TestSubjects.probe(identity),
                        AttributeFilter.NONE, 1, SearchMode.TWO_STAGE, Duration.ofSeconds(10), Cancellation.NEVER);
                assertThat(answer.coverage().members()).isEqualTo(2);
                assertThat(answer.ranked().getFirst().subjectId()).isEqualTo(TestSubjects.id(identity));
            }
        }
    }
}
