package dev.ridgeline.cluster.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of a one-machine cluster: it commits synchronously, a second start finds the running server, and a
 * server stopped and started again in the same process comes back on the same port with its data
 * (the restart a member sees when PostgreSQL returns).
 */
class LocalPostgresTest {

    @TempDir
    Path directory;

    @Test
    void stoppedAndStartedAgainInOneProcessItComesBackOnItsPortWithItsData() throws Exception {
        Path dir = directory.resolve("postgres");
        try {
            PostgresSettings first = LocalPostgres.startOrAttach(dir);
            // A commit is on disk when it returns: the embedded builder's defaults are off.
            assertThat(setting(first, "fsync")).isEqualTo("on");
            assertThat(setting(first, "synchronous_commit")).isEqualTo("on");
            execute(first, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (7)");
            assertThat(LocalPostgres.startOrAttach(dir).jdbcUrl()).isEqualTo(first.jdbcUrl());

            for (int restart = 0; restart < 2; restart++) {
                assertThat(LocalPostgres.stop(dir)).isTrue();
                assertThat(LocalPostgres.runningPort(dir)).isEmpty();
                PostgresSettings again = LocalPostgres.startOrAttach(dir);
                assertThat(again.jdbcUrl()).isEqualTo(first.jdbcUrl());
                assertThat(count(again)).isEqualTo(1);
            }
        } finally {
            LocalPostgres.stop(dir);
        }
        assertThat(LocalPostgres.stop(dir)).isFalse();
    }

    private static void execute(PostgresSettings postgres, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.connectionProperties(5));
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String setting(PostgresSettings postgres, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.connectionProperties(5));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int count(PostgresSettings postgres) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.connectionProperties(5));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept WHERE id = 7")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
