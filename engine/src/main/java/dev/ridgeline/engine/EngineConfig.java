package dev.ridgeline.engine;

import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.QualityMinimum;
import java.nio.file.Path;

/**
 * @param dataDirectory   where the store lives
 * @param defaultShards   shards for a gallery created without a count (one per core by default)
 * @param searchThreads   threads that scan shards in parallel
 * @param minimumMinutiae below this an image has no usable ridges
 * @param faces           face models, probe face selection and the enrollment quality gate
 * @param storeKeys       keys that encrypt subject records at rest ({@link KeyRing#NONE}: written plain)
 * @param minimumFingerQuality lowest 0-100 quality score of a fingerprint image enrolled (0: any)
 */
public record EngineConfig(Path dataDirectory, int defaultShards, int searchThreads, ImageLimits imageLimits,
                           int minimumMinutiae, FaceSettings faces, KeyRing storeKeys, int minimumFingerQuality) {

    public EngineConfig {
        // Refuses a minimum outside 0-100 when the server is configured, not at the first enrollment.
        new QualityMinimum(Modality.FINGERPRINT, minimumFingerQuality);
    }

    /** Any fingerprint quality enrolls. */
    public EngineConfig(Path dataDirectory, int defaultShards, int searchThreads, ImageLimits imageLimits,
                        int minimumMinutiae, FaceSettings faces, KeyRing storeKeys) {
        this(dataDirectory, defaultShards, searchThreads, imageLimits, minimumMinutiae, faces, storeKeys, 0);
    }

    /** Below this an image has no usable ridges; every FVC dev image yields at least 5. */
    public static final int DEFAULT_MINIMUM_MINUTIAE = 4;

    public static EngineConfig defaults(Path dataDirectory) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineConfig(dataDirectory, cores, cores, ImageLimits.DEFAULT, DEFAULT_MINIMUM_MINUTIAE,
                FaceSettings.defaults(), KeyRing.NONE);
    }

    /** Where the embedded store lives under the data directory. */
    public static Path storeDirectory(Path dataDirectory) {
        return dataDirectory.resolve("store");
    }

    public EngineConfig withStoreKeys(KeyRing keys) {
        return new EngineConfig(dataDirectory, defaultShards, searchThreads, imageLimits, minimumMinutiae, faces, keys,
                minimumFingerQuality);
    }

    public EngineConfig withMinimumFingerQuality(int score) {
        return new EngineConfig(dataDirectory, defaultShards, searchThreads, imageLimits, minimumMinutiae, faces,
                storeKeys, score);
    }
}
