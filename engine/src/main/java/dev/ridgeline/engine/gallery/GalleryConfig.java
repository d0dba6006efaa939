package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.EngineException;
import java.time.Instant;
import java.util.regex.Pattern;

/** What a gallery is created with; stored, and fixed for its lifetime. */
public record GalleryConfig(String name, int shards, double defaultTargetFmr, Instant created) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final double DEFAULT_TARGET_FMR = 1e-4;
    public static final int MAX_SHARDS = 256;

    public GalleryConfig {
        checkName(name);
        if (shards < 1 || shards > MAX_SHARDS) {
            throw EngineException.invalid("a gallery has 1-" + MAX_SHARDS + " shards, got " + shards);
        }
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EngineException.invalid("gallery name '" + name
                    + "' must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
    }
}
