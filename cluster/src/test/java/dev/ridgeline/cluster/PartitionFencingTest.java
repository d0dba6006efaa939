package dev.ridgeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.cluster.postgres.PostgresStore.OwnedWrite;
import dev.ridgeline.cluster.postgres.PostgresStore.Replacement;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.Ridgeline.LoadProgress;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.store.KeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL decides who may write a partition: a member claiming it gets a new epoch and reads
 * everything committed before its claim, and a write under an earlier epoch is refused as moved
 * without touching the table. This is what lets a partition change owners with no copy of its
 * subjects in the grid. A member is ready only once its claims have read every partition it owns.
 */
class PartitionFencingTest extends PostgresBackedTest {

    private static final KeyRing KEYS = storeKey("cluster-a", 1);

    @Test
    void aClaimFencesOutTheEarlierOwnerAndReadsWhatItCommitted() {
        PostgresSettings database = postgres.newDatabase();
        try (PostgresStore store = PostgresStore.open(database, KEYS)) {
            store.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            List<SubjectKey> keys = keysOfOnePartition(3);
            int partition = keys.getFirst().partition();

            Map<Integer, Long> first = store.claimPartitions(List.of(partition), "member-a", records -> { });
            assertThat(store.insertOwned(Map.of(keys.get(0), bytes(0)), first).done()).containsExactly(keys.get(0));

            Map<SubjectKey, byte[]> read = new HashMap<>();
            Map<Integer, Long> second = store.claimPartitions(List.of(partition), "member-b", read::putAll);
            assertThat(second.get(partition)).isGreaterThan(first.get(partition));
            assertThat(read).containsOnlyKeys(keys.get(0));
            assertThat(read.get(keys.get(0))).isEqualTo(bytes(0));

            // The first owner's writes are refused as moved and change nothing.
            OwnedWrite stale = store.insertOwned(Map.of(keys.get(1), bytes(1)), first);
            assertThat(stale.moved()).containsExactly(keys.get(1));
            assertThat(stale.done()).isEmpty();
            assertThat(store.deleteOwned(List.of(keys.get(0)), first).moved()).containsExactly(keys.get(0));
            assertThat(store.replaceOwned(keys.get(0), bytes(0), bytes(9), first)).isEqualTo(Replacement.MOVED);
            assertThat(store.keys()).containsExactly(keys.get(0));
            assertThat(store.loadSealed(List.of(keys.get(0))).get(keys.get(0))).isEqualTo(bytes(0));

            // The new owner's go through.
            assertThat(store.replaceOwned(keys.get(0), bytes(0), bytes(9), second)).isEqualTo(Replacement.REPLACED);
            assertThat(store.replaceOwned(keys.get(0), bytes(0), bytes(8), second))
                    .isEqualTo(Replacement.CHANGED_MEANWHILE);
            assertThat(store.deleteOwned(List.of(keys.get(0)), second).done()).containsExactly(keys.get(0));
            assertThat(store.deleteOwned(List.of(keys.get(0)), second).done()).isEmpty();
            assertThat(store.replaceOwned(keys.get(0), bytes(9), bytes(8), second)).isEqualTo(Replacement.ABSENT);
            // A partition nobody claimed has no owner to write it.
            SubjectKey unclaimed = keysOfOnePartition(1, partition + 1).getFirst();
            assertThat(store.insertOwned(Map.of(unclaimed, bytes(2)), second).moved()).containsExactly(unclaimed);
        }
    }

    /** Racing a write against a claim: whatever the write reports committed, the claim has read. */
    @Test
    void everyWriteAcknowledgedUnderAnEarlierEpochIsReadByTheNextClaim() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (PostgresStore writer = PostgresStore.open(database, KEYS);
             PostgresStore claimer = PostgresStore.open(database, KEYS)) {
            writer.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            List<SubjectKey> keys = keysOfOnePartition(40 * 50);
            int partition = keys.getFirst().partition();
            int bothSeen = 0;
            for (int round = 0; round < 40; round++) {
                Map<Integer, Long> epochs = writer.claimPartitions(List.of(partition), "member-a", records -> { });
                Map<SubjectKey, byte[]> share = new LinkedHashMap<>();
                keys.subList(round * 50, round * 50 + 50).forEach(key -> share.put(key, bytes(key.hashCode())));
                CompletableFuture<OwnedWrite> write = CompletableFuture.supplyAsync(() -> writer.insertOwned(share, epochs));
                Set<SubjectKey> read = ConcurrentHashMap.newKeySet();
                claimer.claimPartitions(List.of(partition), "member-b", records -> read.addAll(records.keySet()));
                OwnedWrite written = write.join();
                assertThat(read).as("round %d", round).containsAll(written.done());
                assertThat(written.done().size() + written.moved().size()).isEqualTo(share.size());
                bothSeen += written.done().isEmpty() ? 0 : 1;
            }
            System.out.println(bothSeen + " of 40 racing writes committed before the claim, the rest were fenced out");
        }
    }

    /**
     * A member fenced out of a partition the grid still says it owns (another member claimed it
     * while their views of the partition table differed) gives it up, claims it again with what
     * PostgreSQL holds, and the write sent again goes through.
     */
    @Test
    void aMemberFencedOutOfAPartitionItOwnsClaimsItAgainAndTheWriteGoesThrough() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (TestCluster cluster = TestCluster.start(1, database, KEYS);
             PostgresStore intruder = PostgresStore.open(database, KEYS)) {
            ClusterMember member = cluster.member(0);
            member.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            SubjectKey first = new SubjectKey("nexus", TestSubjects.id(1));
            member.enroll("nexus", TestSubjects.enrolled(1));
            long loadedBefore = member.loadedPartitions();

            intruder.claimPartitions(List.of(first.partition()), "stale-member", records -> { });
            SubjectKey second = keysOfOnePartition(1, first.partition()).getFirst();
            member.enroll("nexus", TestSubjects.enrolledAs(2, second.subjectId()));

            assertThat(member.loadedPartitions()).isEqualTo(loadedBefore + 1);
            assertThat(intruder.keys()).containsExactlyInAnyOrder(first, second);
            // Both subjects of the partition read again are searched, once each.
            assertThat(TestCluster.search(member, 1, 1, Duration.ofSeconds(10)).ranked().getFirst().subjectId())
                    .isEqualTo(first.subjectId());
            assertThat(TestCluster.search(member, 2, 1, Duration.ofSeconds(10)).ranked().getFirst().subjectId())
                    .isEqualTo(second.subjectId());
            assertThat(member.ownedSubjects()).isEqualTo(2);
        }
    }

    /**
     * A member is not ready (health says NOT_SERVING) until it has claimed and read every partition
     * it owns: here the claims wait behind a transaction holding the partitions' rows, as behind
     * writes in flight of an earlier owner.
     */
    @Test
    void aMemberIsReadyOnlyOnceItHasReadEveryPartitionItOwns(@TempDir Path directory) throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (PostgresStore earlier = PostgresStore.open(database, KEYS)) {
            earlier.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            earlier.putSubjects("nexus", List.of(TestSubjects.enrolled(1), TestSubjects.enrolled(2)));
            earlier.claimPartitions(IntStream.range(0, SubjectKey.PARTITION_COUNT).boxed().toList(), "earlier-member",
                    records -> { });
        }
        try (Connection inFlight = DriverManager.getConnection(database.jdbcUrl(), login(database))) {
            inFlight.setAutoCommit(false);
            try (Statement lock = inFlight.createStatement()) {
                lock.executeQuery("SELECT id FROM ridgeline_partitions FOR SHARE").close();
            }
            try (ClusterRidgeline member = ClusterRidgeline.start(EngineConfig.defaults(directory).withStoreKeys(KEYS),
                    TestCluster.alone("loading"), database)) {
                List<LoadProgress> reported = new CopyOnWriteArrayList<>();
                CompletableFuture<Void> loading = CompletableFuture.runAsync(() -> member.load(reported::add));
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (reported.size() < 3 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(reported).hasSizeGreaterThanOrEqualTo(3).allMatch(progress -> progress.loaded() == 0);
                assertThat(loading).isNotDone();
                assertThat(member.ready()).isFalse();

                inFlight.commit();
                loading.get(60, TimeUnit.SECONDS);
                assertThat(member.ready()).isTrue();
                assertThat(reported.getLast().loaded()).isEqualTo(2);
                assertThat(member.member().holdsOwnedPartitions()).isTrue();
            }
        }
    }

    @Test
    void aVersionOneDatabaseGetsEachSubjectsPartitionWhenOpened() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        try (PostgresStore store = PostgresStore.open(database, KEYS)) {
            store.createGallery(new GalleryConfig("nexus", 2, 1e-4, Instant.now()));
            store.putSubjects("nexus", List.of(TestSubjects.enrolled(1), TestSubjects.enrolled(2)));
        }
        sql(database, "UPDATE ridgeline_subjects SET partition = NULL",
                "UPDATE ridgeline_meta SET value = convert_to('1', 'UTF8') WHERE name = 'schema_version'");

        PostgresStore.open(database, KEYS).close();

        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), login(database));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT gallery, subject_id, partition FROM ridgeline_subjects")) {
            int checked = 0;
            while (rows.next()) {
                assertThat(rows.getInt(3)).isEqualTo(new SubjectKey(rows.getString(1), rows.getString(2)).partition());
                checked++;
            }
            assertThat(checked).isEqualTo(2);
        }
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), login(database));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT convert_from(value, 'UTF8') FROM ridgeline_meta WHERE name = 'schema_version'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("2");
        }
    }

    private static List<SubjectKey> keysOfOnePartition(int count) {
        return keysOfOnePartition(count, new SubjectKey("nexus", "S-0").partition());
    }

    private static List<SubjectKey> keysOfOnePartition(int count, int partition) {
        List<SubjectKey> keys = new ArrayList<>();
        for (int n = 0; keys.size() < count; n++) {
            SubjectKey key = new SubjectKey("nexus", "S-" + n);
            if (key.partition() == partition % SubjectKey.PARTITION_COUNT) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static byte[] bytes(int n) {
        return ("record " + n).getBytes(StandardCharsets.US_ASCII);
    }

    private static Properties login(PostgresSettings database) {
        Properties login = new Properties();
        login.setProperty("user", database.user());
        return login;
    }

    private static void sql(PostgresSettings database, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), login(database));
             Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.executeUpdate(each);
            }
        }
    }
}
