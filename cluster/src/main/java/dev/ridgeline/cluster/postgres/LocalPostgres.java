package dev.ridgeline.cluster.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL of a one-machine cluster ({@code --postgres embedded:DIR}): real PostgreSQL 14
 * binaries from Maven, its data in {@code DIR/pgdata}, listening on 127.0.0.1 only, on the same
 * port every time it starts (kept in {@code DIR/port}). The first
 * member to find it stopped starts it; the others connect to it. It is the system of record, so
 * it keeps running when members stop or crash, until {@link #stop} (or `./ridgeline cluster
 * postgres-stop`). Local connections are trusted (no password): only for a machine whose users
 * all may read the data.
 */
public final class LocalPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final String LOCK = "start.lock";
    private static final String DATA = "pgdata";
    private static final String PORT = "port";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /**
     * The servers this process started, by directory. Each holds a file lock on its data
     * directory until closed; a lock left behind would make a later start in this process fail
     * (OverlappingFileLockException) whenever the garbage collector had not yet dropped it.
     */
    private static final Map<Path, EmbeddedPostgres> STARTED_HERE = new ConcurrentHashMap<>();

    private LocalPostgres() {
    }

    /** How to reach the server in {@code dir}, starting it first when it is not running. */
    public static PostgresSettings startOrAttach(Path dir) {
        try {
            Files.createDirectories(dir);
            // Members starting together: one starts the server, the others wait here and find it running.
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Optional<Integer> running = runningPort(dir);
                if (running.isPresent()) {
                    return settings(running.get());
                }
                // Stopped behind this process's back (another process, a crash): let go of its lock.
                closeStartedHere(dir);
                // The port is kept: members connected before a restart reconnect to the same address.
                Path portFile = dir.resolve(PORT);
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.resolve(DATA))
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        // The embedded builder starts PostgreSQL with fsync and synchronous commit off
                        // (for tests' speed); an acknowledged enrollment must survive a crash of
                        // PostgreSQL or of the machine. Settings given here come after its -F.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setPGStartupWait(STARTUP_WAIT);
                if (Files.exists(portFile)) {
                    builder.setPort(Integer.parseInt(Files.readString(portFile).trim()));
                }
                EmbeddedPostgres server = builder.start();
                STARTED_HERE.put(key(dir), server);
                Files.writeString(portFile, Integer.toString(server.getPort()));
                LOG.info("started PostgreSQL in {} on 127.0.0.1:{}; it keeps running when members stop"
                        + " (`./ridgeline cluster postgres-stop --postgres embedded:{}` stops it)", dir,
                        server.getPort(), dir);
                return settings(server.getPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server in {@code dir} (a fast shutdown: open transactions roll back) and waits
     * until it has exited. @return false when none was running
     */
    public static boolean stop(Path dir) {
        Optional<ProcessHandle> postmaster = postmaster(dir);
        if (postmaster.isEmpty()) {
            closeStartedHere(dir);
            return false;
        }
        if (!closeStartedHere(dir)) {
            signalFastShutdown(postmaster.get());
        }
        postmaster.get().onExit().orTimeout(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return true;
    }

    /** Stops (fast shutdown) the server this process started in {@code dir}, if any, releasing its lock. */
    private static boolean closeStartedHere(Path dir) {
        EmbeddedPostgres server = STARTED_HERE.remove(key(dir));
        if (server == null) {
            return false;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every member to disconnect). */
    private static void signalFastShutdown(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("could not signal PostgreSQL's process " + postmaster.pid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL", e);
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    /** The port of a server running in {@code dir}: its postmaster.pid names a live process and a port that answers. */
    static Optional<Integer> runningPort(Path dir) throws IOException {
        Path pidFile = dir.resolve(DATA).resolve("postmaster.pid");
        if (postmaster(dir).isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        int port = Integer.parseInt(lines.get(3).trim());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return Optional.of(port);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessHandle> postmaster(Path dir) {
        Path pidFile = dir.resolve(DATA).resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.size() < 4 ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static PostgresSettings settings(int port) {
        return new PostgresSettings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", null);
    }
}
