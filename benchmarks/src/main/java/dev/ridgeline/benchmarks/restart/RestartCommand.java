package dev.ridgeline.benchmarks.restart;

import dev.ridgeline.benchmarks.Folders;
import dev.ridgeline.benchmarks.load.ServerProcess;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.store.SubjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {
            "Measure a restart: fill a store with face and finger subjects, then time opening the engine on it and"
                    + " reloading its galleries.",
            "With --members N, the same subjects go to a cluster's PostgreSQL instead, and the restart is N member"
                    + " processes started together on this machine, timed until their galleries hold every subject.",
            "With --data-dir, a store filled by an earlier run is reused as it is (delete the folder to refill).",
            "The last line printed is RESULT key=value ... for machines."})
public final class RestartCommand implements Callable<Integer> {

    private static final long MB = 1 << 20;

    @Option(names = "--faces", defaultValue = "1000000", description = "Face subjects (default: ${DEFAULT-VALUE}).")
    int faces;

    @Option(names = "--fingers", defaultValue = "100000", description = "Finger subjects (default: ${DEFAULT-VALUE}).")
    int fingers;

    @Option(names = "--finger-pool", defaultValue = "200",
            description = "Distinct generated fingers whose templates the finger subjects share (default: ${DEFAULT-VALUE}).")
    int fingerPool;

    @Option(names = "--members", paramLabel = "N", defaultValue = "0",
            description = "Restart a cluster of N members over an embedded PostgreSQL instead of one node's RocksDB"
                    + " store (default: one node, in this process).")
    int members;

    @Option(names = "--server-jar", description = "With --members: the service jar the members run (default:"
            + " server/target/ridgeline.jar beside the benchmarks module).")
    Path serverJar;

    @Option(names = "--data-dir", description = "Keep the filled store here and reuse it on later runs"
            + " (default: a temporary folder, deleted afterwards).")
    Path dataDirectory;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (faces < 0 || fingers < 0 || fingerPool < 1 || members < 0) {
            System.err.println("--faces, --fingers and --members take counts, --finger-pool a positive one");
            return 2;
        }
        Path directory = dataDirectory != null ? Files.createDirectories(dataDirectory)
                : Files.createTempDirectory("ridgeline-restart");
        StoreFixture fixture = new StoreFixture(faces, fingers, fingerPool);
        try {
            return members > 0 ? measureCluster(directory, fixture) : measureOneNode(directory, fixture);
        } finally {
            if (dataDirectory == null) {
                Folders.deleteTree(directory);
            }
        }
    }

    private int measureOneNode(Path directory, StoreFixture fixture) {
        try (SubjectStore store = SubjectStore.open(EngineConfig.defaults(directory).dataDirectory().resolve("store"))) {
            fixture.fillUnlessFilled(store, directory.toString());
        }
        long start = System.nanoTime();
        try (RidgelineEngine engine = new RidgelineEngine(EngineConfig.defaults(directory))) {
            System.err.printf(Locale.ROOT, "engine opened in %.1f s%n", (System.nanoTime() - start) / 1e9);
            engine.load(progress -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            long subjects = engine.gallery(StoreFixture.GALLERY).stats().subjects();
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long heapMb = (runtime.totalMemory() - runtime.freeMemory()) / MB;
            System.out.printf(Locale.ROOT, "RESULT operation=restart faces=%d fingers=%d subjects=%d load_s=%.3f"
                    + " subjects_per_s=%.0f heap_mb=%d%n", faces, fingers, subjects, seconds, subjects / seconds, heapMb);
            return subjects == fixture.subjects() ? 0 : 1;
        }
    }

    private int measureCluster(Path directory, StoreFixture fixture) throws IOException, InterruptedException {
        ClusterRestart.Outcome outcome = new ClusterRestart(directory, members,
                serverJar != null ? serverJar : ServerProcess.defaultJar()).measure(fixture);
        List<Long> heapsMb = outcome.memberHeapBytes().stream().map(bytes -> bytes / MB).toList();
        System.out.println("heap after a full GC, member by member: " + heapsMb.stream().map(mb -> mb + " MB")
                .collect(Collectors.joining(", ")));
        System.out.printf(Locale.ROOT, "RESULT operation=restart members=%d faces=%d fingers=%d subjects=%d"
                        + " listening_s=%.3f load_s=%.3f subjects_per_s=%.0f member_heap_max_mb=%d member_heap_min_mb=%d%n",
                members, faces, fingers, outcome.subjects(), outcome.listeningSeconds(), outcome.loadedSeconds(),
                outcome.subjects() / outcome.loadedSeconds(), Collections.max(heapsMb), Collections.min(heapsMb));
        return outcome.subjects() == fixture.subjects() ? 0 : 1;
    }
}
