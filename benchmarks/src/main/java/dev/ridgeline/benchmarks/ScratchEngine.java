package dev.ridgeline.benchmarks;

import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.FaceSettings;
import dev.ridgeline.engine.RidgelineEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A whole engine, as the service runs it, over an empty store in a temporary directory that
 * {@link #close()} deletes: benchmarks measure the engine's public paths, store included.
 */
final class ScratchEngine implements AutoCloseable {

    private final Path directory;
    private final RidgelineEngine engine;

    ScratchEngine(FaceSettings faces) {
        try {
            directory = Files.createTempDirectory("ridgeline-benchmark-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EngineConfig defaults = EngineConfig.defaults(directory);
        engine = new RidgelineEngine(new EngineConfig(directory, defaults.defaultShards(), defaults.searchThreads(),
                defaults.imageLimits(), defaults.minimumMinutiae(), faces, defaults.storeKeys()));
        engine.load(progress -> { });
    }

    RidgelineEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.close();
        Folders.deleteTree(directory);
    }
}
