package dev.ridgeline.benchmarks.restart;

import dev.ridgeline.api.v1.ClusterStatus;
import dev.ridgeline.api.v1.GetClusterStatusRequest;
import dev.ridgeline.api.v1.MemberStatus;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.benchmarks.load.ServerProcess;
import dev.ridgeline.cluster.postgres.LocalPostgres;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.store.StoreKey;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A one-node restart's counterpart for a cluster: the same fixture written straight to
 * PostgreSQL, then {@code members} member processes started on it together, as a cluster is
 * started after every machine stopped. It times until every member answers, and until their
 * galleries hold every subject again (as {@code cluster status} counts them), then takes each
 * member's heap after a full GC. The members run on this machine over the embedded PostgreSQL,
 * as README's "Running a cluster" does; PostgreSQL is stopped after the fill, so the first member
 * starts it as part of the cold start.
 */
final class ClusterRestart {

    /** Generous: a million subjects take minutes on two cores. */
    private static final long LOAD_TIMEOUT_NANOS = TimeUnit.HOURS.toNanos(1);
    /**
     * Between two status polls. Each asks every member and PostgreSQL while the members load on the
     * same cores, so a poll every 100 ms would add work to what is measured; half a second bounds
     * the error of {@code load_s} as well.
     */
    private static final long POLL_MILLIS = 500;
    private static final String STORE_KEY_FILE = "store-key";

    /** What the cold start measured. */
    record Outcome(long subjects, double listeningSeconds, double loadedSeconds, List<Long> memberHeapBytes) {
    }

    private final Path directory;
    private final int members;
    private final Path serverJar;

    ClusterRestart(Path directory, int members, Path serverJar) {
        this.directory = directory;
        this.members = members;
        this.serverJar = serverJar;
    }

    Outcome measure(StoreFixture fixture) throws IOException, InterruptedException {
        Path postgres = directory.resolve("postgres");
        String storeKey = storeKey();
        long stored;
        try (PostgresStore store = PostgresStore.open(LocalPostgres.startOrAttach(postgres),
                KeyRing.parse(storeKey, directory.resolve(STORE_KEY_FILE).toString()))) {
            fixture.fillUnlessFilled(store, postgres.toString());
            // A kept store filled with other counts is measured as it is, like one node's.
            stored = store.keys().size();
        } finally {
            LocalPostgres.stop(postgres);
        }
        List<ServerProcess> started = new ArrayList<>();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            long start = System.nanoTime();
            startMembers(postgres, storeKey, started);
            for (ServerProcess member : started) {
                ManagedChannel channel = ManagedChannelBuilder.forTarget(member.target()).usePlaintext().build();
                channels.add(channel);
                member.awaitListening(channel);
            }
            double listening = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "%d members answering after %.1f s; loading their galleries...%n",
                    members, listening);
            long subjects = awaitSubjects(channels.getFirst(), stored, start);
            double loaded = (System.nanoTime() - start) / 1e9;
            List<Long> heaps = new ArrayList<>();
            for (ServerProcess member : started) {
                heaps.add(member.heapUsedAfterGc());
            }
            return new Outcome(subjects, listening, loaded, heaps);
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow();
            }
            for (ServerProcess member : started) {
                member.close();
            }
            LocalPostgres.stop(postgres);
        }
    }

    /** Starts every member at once, each with its own ports and folder, all knowing each other's cluster address. */
    private void startMembers(Path postgres, String storeKey, List<ServerProcess> started) throws IOException {
        List<Integer> memberPorts = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            memberPorts.add(ServerProcess.freePort());
        }
        String memberList = memberPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        for (int i = 0; i < members; i++) {
            Path folder = Files.createDirectories(directory.resolve("member-" + (i + 1)));
            started.add(ServerProcess.startMember(serverJar, folder, List.of("--cluster-name", "restart", "--members", memberList,
                            "--member-port", memberPorts.get(i).toString(), "--postgres", "embedded:" + postgres),
                    Map.of("RIDGELINE_STORE_KEY", storeKey), directory.resolve("member-" + (i + 1) + ".log")));
        }
    }

    /** Polls the cluster's status until its galleries hold {@code expected} subjects; returns how many they hold. */
    private long awaitSubjects(ManagedChannel channel, long expected, long start) throws InterruptedException {
        ServerInfoGrpc.ServerInfoBlockingStub info = ServerInfoGrpc.newBlockingStub(channel);
        long lastReport = System.nanoTime();
        long held = 0;
        while (System.nanoTime() - start < LOAD_TIMEOUT_NANOS) {
            try {
                ClusterStatus status = info.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
                held = status.getMembersList().stream().mapToLong(MemberStatus::getSubjects).sum();
                if (held >= expected) {
                    return held;
                }
            } catch (StatusRuntimeException e) {
                System.err.println("cluster status: " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                System.err.printf(Locale.ROOT, "  %d of %d subjects loaded after %.0f s%n", held, expected,
                        (System.nanoTime() - start) / 1e9);
                lastReport = System.nanoTime();
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("the cluster's galleries held " + held + " of " + expected
                + " subjects after an hour; see the members' logs in " + directory);
    }

    /**
     * The store key the members seal with, made on the first run and kept beside the database
     * (readable by its owner only) so a kept store can be started again.
     */
    private String storeKey() throws IOException {
        Path file = directory.resolve(STORE_KEY_FILE);
        if (!Files.exists(file)) {
            byte[] key = new byte[StoreKey.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "restart=" + Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
}
