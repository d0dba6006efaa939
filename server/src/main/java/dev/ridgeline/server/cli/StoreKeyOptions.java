package dev.ridgeline.server.cli;

import dev.ridgeline.engine.store.KeyRing;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the keys that encrypt template records at rest come from: a key file, or the environment. */
final class StoreKeyOptions {

    /** The environment variable holding the key ring's text when no key file is named. */
    static final String ENVIRONMENT = "RIDGELINE_STORE_KEY";

    @Option(names = "--store-key-file", paramLabel = "FILE",
            description = "Keys that encrypt subject records at rest (AES-256-GCM): lines of `id=BASE64` (32 bytes),"
                    + " the first one writes; default: the " + ENVIRONMENT + " variable; neither: records are written plain.")
    Path keyFile;

    KeyRing keyRing() {
        if (keyFile != null) {
            return KeyRing.read(keyFile);
        }
        String environment = System.getenv(ENVIRONMENT);
        return environment == null || environment.isBlank() ? KeyRing.NONE : KeyRing.parse(environment, ENVIRONMENT);
    }
}
