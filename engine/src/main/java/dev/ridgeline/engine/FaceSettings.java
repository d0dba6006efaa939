package dev.ridgeline.engine;

import dev.ridgeline.engine.face.FaceQualityGate;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.NpmPackage;
import java.nio.file.Path;

/**
 * @param modelDirectory where {@code ./ridgeline setup} put the face models (the package folder
 *                       holding {@code model/fr_*.onnx}); faces are refused when they are not there
 * @param probeSelection which face a verification or search photo means when it holds several
 *                       (enrollment always needs exactly one)
 * @param qualityGate    what an enrolled face must reach
 */
public record FaceSettings(Path modelDirectory, FaceSelection probeSelection, FaceQualityGate qualityGate) {

    /** The models where setup caches them, the largest face of a probe photo, the default gate. */
    public static FaceSettings defaults() {
        return new FaceSettings(FaceModelPackage.PACKAGE.directoryUnder(NpmPackage.defaultCacheRoot()),
                FaceSelection.LARGEST, FaceQualityGate.DEFAULT);
    }

    public FaceSettings withModelDirectory(Path directory) {
        return new FaceSettings(directory, probeSelection, qualityGate);
    }
}
