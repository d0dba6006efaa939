package dev.ridgeline.server.cli;

import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.store.StoreReencryption;
import dev.ridgeline.engine.store.SubjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Maintain the embedded store while the service is stopped.",
        subcommands = StoreCommand.Reencrypt.class)
final class StoreCommand {

    @Command(name = "reencrypt", mixinStandardHelpOptions = true,
            description = {"Rewrite every subject record under the current key (the first of --store-key-file or "
                    + StoreKeyOptions.ENVIRONMENT + "), reading records sealed with --old-key-file or left plain.",
                "Records carry their key id and are rewritten in synced batches: a run stopped midway is"
                        + " finished by running it again with the same keys. Stop the service first."})
    static final class Reencrypt implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = "data", description = "Directory of the store (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Mixin
        StoreKeyOptions newKeys;

        @Option(names = "--old-key-file", paramLabel = "FILE", description = "Keys the records are sealed with now.")
        Path oldKeyFile;

        @Override
        public Integer call() {
            KeyRing target = newKeys.keyRing();
            if (!target.encrypts()) {
                System.err.println("store reencrypt: give the new key with --store-key-file or " + StoreKeyOptions.ENVIRONMENT);
                return 2;
            }
            Path storeDirectory = EngineConfig.storeDirectory(dataDir);
            if (!Files.isDirectory(storeDirectory)) {
                System.err.println("store reencrypt: no store at " + storeDirectory + " (is --data-dir right?)");
                return 2;
            }
            KeyRing keys = oldKeyFile == null ? target : target.readingAlso(KeyRing.read(oldKeyFile));
            long started = System.nanoTime();
            try (SubjectStore store = SubjectStore.open(storeDirectory, keys)) {
                StoreReencryption.Result result = StoreReencryption.run(store, examined -> { });
                System.out.printf("%d records examined: %d rewritten under key %s, %d were already under it (%.1f s)%n",
                        result.examined(), result.rewritten(), target.current().orElseThrow().id(), result.alreadyCurrent(),
                        (System.nanoTime() - started) / 1e9);
            }
            return 0;
        }
    }
}
