package dev.ridgeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.fixtures.net.FreePorts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member refuses to start, saying why, when the cluster cannot run with its configuration: no
 * store key, another key than the cluster's, a database from a newer release, a member list it
 * cannot form its cluster through (nothing listening, or members of another cluster name).
 */
class StartupRefusalTest extends PostgresBackedTest {

    private static final KeyRing KEY_A = storeKey("a", 1);

    @TempDir
    Path directory;

    private EngineConfig config(KeyRing keys) {
        return EngineConfig.defaults(directory).withStoreKeys(keys);
    }

    private static ClusterSettings settings(String name, String self, List<String> members, int initial,
                                            Duration timeout) {
        int port = Integer.parseInt(self.substring(self.indexOf(':') + 1));
        return new ClusterSettings(name, "127.0.0.1", port, members, initial, Duration.ofSeconds(1), timeout,
                ClusterSettings.DEFAULT_BACKUPS);
    }

    @Test
    void aMemberWithoutAStoreKeyIsRefused() {
        assertThatThrownBy(() -> ClusterRidgeline.start(config(KeyRing.NONE), TestCluster.alone("no-key"),
                postgres.newDatabase()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster mode needs a store key");
    }

    @Test
    void aMemberWithAnotherKeyThanTheClustersIsRefused() {
        PostgresSettings database = postgres.newDatabase();
        PostgresStore.open(database, KEY_A).close(); // the first member's key check
        assertThatThrownBy(() -> ClusterRidgeline.start(config(storeKey("b", 2)), TestCluster.alone("other-key"), database))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the store key differs from the cluster's");
        // The cluster's own key still starts.
        ClusterRidgeline.start(config(KEY_A), TestCluster.alone("same-key"), database).close();
    }

    @Test
    void aDatabaseFromANewerReleaseIsRefused() throws Exception {
        PostgresSettings database = postgres.newDatabase();
        PostgresStore.open(database, KEY_A).close();
        Properties login = new Properties();
        login.setProperty("user", database.user());
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), login);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE ridgeline_meta SET value = convert_to('3', 'UTF8') WHERE name = 'schema_version'");
        }
        assertThatThrownBy(() -> ClusterRidgeline.start(config(KEY_A), TestCluster.alone("newer"), database))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema version 3, written by a newer release; this release reads version 2");
    }

    @Test
    void aMemberListNobodyAnswersOnIsRefusedNamingEachAddress() {
        List<Integer> ports = FreePorts.take(2);
        String self = "127.0.0.1:" + ports.get(0);
        String absent = "127.0.0.1:" + ports.get(1);
        long started = System.nanoTime();
        assertThatThrownBy(() -> ClusterRidgeline.start(config(KEY_A),
                settings("lonely", self, List.of(self, absent), 2, Duration.ofSeconds(3)), postgres.newDatabase()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster 'lonely' has 1 of the 2 members it starts with after 3 s")
                .hasMessageContaining(absent + " (unreachable: Connection refused)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aMemberOfAnotherClusterNameDoesNotCountAndTheErrorSaysSo() {
        PostgresSettings database = postgres.newDatabase();
        List<Integer> ports = FreePorts.take(2);
        String first = "127.0.0.1:" + ports.get(0);
        String second = "127.0.0.1:" + ports.get(1);
        List<String> both = List.of(first, second);
        try (ClusterRidgeline running = ClusterRidgeline.start(config(KEY_A),
                settings("blue", first, both, 1, Duration.ofSeconds(20)), database)) {
            assertThatThrownBy(() -> ClusterRidgeline.start(config(KEY_A),
                    settings("green", second, both, 2, Duration.ofSeconds(3)), database))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(first + " (reachable)")
                    .hasMessageContaining("runs under another --cluster-name");
            assertThat(running.member().members()).isEqualTo(1);
        }
    }
}
