package dev.ridgeline.benchmarks.restart;

import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.store.SubjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {
            "Measure a restart: fill a store with face and finger subjects, then time opening the engine on it and"
                    + " reloading its galleries.",
            "With --data-dir, a store filled by an earlier run is reused as it is (delete the folder to refill).",
            "The last line printed is RESULT key=value ... for machines."})
public final class RestartCommand implements Callable<Integer> {

    @Option(names = "--faces", defaultValue = "1000000", description = "Face subjects (default: ${DEFAULT-VALUE}).")
    int faces;

    @Option(names = "--fingers", defaultValue = "100000", description = "Finger subjects (default: ${DEFAULT-VALUE}).")
    int fingers;

    @Option(names = "--finger-pool", defaultValue = "200",
            description = "Distinct generated fingers whose templates the finger subjects share (default: ${DEFAULT-VALUE}).")
    int fingerPool;

    @Option(names = "--data-dir", description = "Keep the filled store here and reuse it on later runs"
            + " (default: a temporary folder, deleted afterwards).")
    Path dataDirectory;

    @Override
    public Integer call() throws IOException {
        Path directory = dataDirectory != null ? dataDirectory : Files.createTempDirectory("ridgeline-restart");
        try {
            fillUnlessFilled(directory);
            return measure(directory);
        } finally {
            if (dataDirectory == null) {
                deleteTree(directory);
            }
        }
    }

    private void fillUnlessFilled(Path directory) {
        try (SubjectStore store = SubjectStore.open(EngineConfig.defaults(directory).dataDirectory().resolve("store"))) {
            if (store.galleries().stream().anyMatch(g -> g.name().equals(StoreFixture.GALLERY))) {
                System.err.println("reusing the store in " + directory);
                return;
            }
            long start = System.nanoTime();
            new StoreFixture(faces, fingers, fingerPool).fill(store);
            System.err.printf(Locale.ROOT, "filled %d faces and %d fingers in %.1f s%n", faces, fingers,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private int measure(Path directory) {
        long start = System.nanoTime();
        try (RidgelineEngine engine = new RidgelineEngine(EngineConfig.defaults(directory))) {
            System.err.printf(Locale.ROOT, "engine opened in %.1f s%n", (System.nanoTime() - start) / 1e9);
            engine.load(progress -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            long subjects = engine.gallery(StoreFixture.GALLERY).stats().subjects();
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long heapMb = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
            System.out.printf(Locale.ROOT, "RESULT operation=restart faces=%d fingers=%d subjects=%d load_s=%.1f"
                    + " subjects_per_s=%.0f heap_mb=%d%n", faces, fingers, subjects, seconds, subjects / seconds, heapMb);
            return subjects == (long) faces + fingers ? 0 : 1;
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
