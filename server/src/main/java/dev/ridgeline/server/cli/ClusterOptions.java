package dev.ridgeline.server.cli;

import dev.ridgeline.cluster.ClusterSettings;
import dev.ridgeline.cluster.postgres.LocalPostgres;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * {@code serve} as a member of a cluster (docs/CLUSTER.md): Hazelcast membership and PostgreSQL
 * as the system of record. Without {@code --cluster-name} the service runs as one node.
 */
final class ClusterOptions {

    static final String USER_ENVIRONMENT = "RIDGELINE_POSTGRES_USER";
    static final String PASSWORD_ENVIRONMENT = "RIDGELINE_POSTGRES_PASSWORD";
    private static final String EMBEDDED = "embedded:";

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "Run as a member of this cluster (every member gives the same name) instead of one node;"
                    + " needs --members, --postgres and a store key.")
    String clusterName;

    @Option(names = "--members", paramLabel = "HOST:PORT,...", split = ",",
            description = "Every member's cluster address (this one's too): members find each other through it.")
    List<String> members;

    @Option(names = "--member-port", defaultValue = "5701", paramLabel = "PORT",
            description = "Port this member talks to the others on, at --host (default: ${DEFAULT-VALUE}).")
    int memberPort;

    @Option(names = "--initial-members", paramLabel = "N",
            description = "Members a starting member waits for before it serves (default: all of --members):"
                    + " a cold cluster then loads each partition once, on its owner.")
    Integer initialMembers;

    @Option(names = "--join-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "A member that has not seen --initial-members members by then refuses to start"
                    + " (default: ${DEFAULT-VALUE}).")
    int joinTimeoutSeconds;

    @Option(names = "--backups", defaultValue = "" + ClusterSettings.DEFAULT_BACKUPS, paramLabel = "N",
            description = "Synchronous backups of the grid's own state (partition table, duplicate-check locks) on"
                    + " other members, 0-" + ClusterSettings.MAX_BACKUPS + " (default: ${DEFAULT-VALUE}). Subjects"
                    + " are not in the grid: a dead member's partitions are read from PostgreSQL.")
    int backups;

    @Option(names = "--postgres", paramLabel = "JDBC_URL|embedded:DIR",
            description = "The system of record: a jdbc:postgresql: URL, or embedded:DIR for a PostgreSQL from"
                    + " Maven with its data in DIR, started by the first member (one-machine clusters).")
    String postgres;

    @Option(names = "--postgres-credentials", paramLabel = "FILE",
            description = "Properties file with `user=` and `password=` for --postgres (default: the "
                    + USER_ENVIRONMENT + " and " + PASSWORD_ENVIRONMENT + " variables); never on the command line.")
    Path credentials;

    boolean enabled() {
        return clusterName != null;
    }

    ClusterSettings settings(String host) {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("--cluster-name needs --members HOST:PORT,... (every member's address)");
        }
        return new ClusterSettings(clusterName, host, memberPort, members,
                initialMembers == null ? members.size() : initialMembers, ClusterSettings.DEFAULT_JOIN_WAIT,
                Duration.ofSeconds(joinTimeoutSeconds), backups);
    }

    /** Starts or attaches to the embedded server for {@code embedded:DIR}. */
    PostgresSettings postgres() {
        if (postgres == null) {
            throw new IllegalArgumentException("--cluster-name needs --postgres JDBC_URL or --postgres embedded:DIR");
        }
        if (postgres.startsWith(EMBEDDED)) {
            return LocalPostgres.startOrAttach(Path.of(postgres.substring(EMBEDDED.length())));
        }
        if (Arrays.stream(postgres.split("[?&]")).anyMatch(part -> part.toLowerCase(Locale.ROOT).startsWith("password="))) {
            throw new IllegalArgumentException("--postgres must not carry a password (every user of the machine can"
                    + " read command lines): give it in --postgres-credentials FILE or " + PASSWORD_ENVIRONMENT);
        }
        if (credentials == null) {
            return new PostgresSettings(postgres, System.getenv(USER_ENVIRONMENT), System.getenv(PASSWORD_ENVIRONMENT));
        }
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(credentials)) {
            file.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --postgres-credentials " + credentials, e);
        }
        return new PostgresSettings(postgres, file.getProperty("user"), file.getProperty("password"));
    }

    /** Where `cluster postgres-stop` finds the embedded server. */
    static Path embeddedDirectory(String postgres) {
        if (postgres == null || !postgres.startsWith(EMBEDDED)) {
            throw new IllegalArgumentException("give the embedded server as --postgres embedded:DIR");
        }
        return Path.of(postgres.substring(EMBEDDED.length()));
    }
}
