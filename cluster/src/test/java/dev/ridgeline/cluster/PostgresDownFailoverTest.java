package dev.ridgeline.cluster;

import static dev.ridgeline.cluster.TestCluster.search;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.cluster.postgres.LocalPostgres;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.store.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid holds no subjects, so a member taking over a dead member's partitions reads
 * their records from PostgreSQL. While PostgreSQL is down those partitions stay uncovered and
 * every search is refused, never answered without them; once it is back they load without a
 * restart and every subject is found again.
 */
class PostgresDownFailoverTest {

    private static final int SUBJECTS = 60;
    private static final KeyRing KEYS = PostgresBackedTest.storeKey("cluster-a", 1);

    @TempDir
    Path directory;

    @Test
    void partitionsTakenOverWhilePostgresIsDownAreSearchedOnceItIsBack() throws Exception {
        Path postgresDirectory = directory.resolve("postgres");
        PostgresSettings database = LocalPostgres.startOrAttach(postgresDirectory);
        try (TestCluster cluster = TestCluster.start(3, database, KEYS)) {
            cluster.member(0).createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            for (int identity = 0; identity < SUBJECTS; identity++) {
                cluster.member(identity % 3).enroll("nexus", TestSubjects.enrolled(identity));
            }
            cluster.awaitOwnedSubjects(SUBJECTS);

            LocalPostgres.stop(postgresDirectory);
            try {
                cluster.crash(2);
                assertThatThrownBy(() -> search(cluster.member(0), 0, 1, Duration.ofSeconds(2)))
                        .isInstanceOfSatisfying(EngineException.class,
                                e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE));
                assertThat(cluster.ownedSubjects()).isLessThan(SUBJECTS);
            } finally {
                LocalPostgres.startOrAttach(postgresDirectory);
            }

            cluster.awaitOwnedSubjects(SUBJECTS);
            for (int identity = 0; identity < SUBJECTS; identity++) {
                GatheredSearch answer = search(cluster.member(identity % 2), identity, 1, Duration.ofSeconds(10));
                assertThat(answer.coverage().complete()).isTrue();
                assertThat(answer.ranked().getFirst().subjectId()).isEqualTo(TestSubjects.id(identity));
            }
        } finally {
            LocalPostgres.stop(postgresDirectory);
        }
    }
}
