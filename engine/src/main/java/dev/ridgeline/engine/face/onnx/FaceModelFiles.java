package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The verified model files in one directory. */
record FaceModelFiles(Path detector, Path landmarks, Path embedding) {

    /**
     * Checks every pinned file in {@code directory} before anything is loaded, so a missing or
     * altered model fails at start-up with the file named instead of producing wrong vectors.
     */
    static FaceModelFiles verify(Path directory) {
        List<String> problems;
        try {
            problems = FaceModelPackage.PACKAGE.problems(directory);
        } catch (IOException e) {
            throw new EngineException(EngineException.Kind.NOT_INSTALLED,
                    "face models in " + directory + " cannot be read (" + e.getMessage() + "); run ./ridgeline setup", e);
        }
        if (!problems.isEmpty()) {
            throw new EngineException(EngineException.Kind.NOT_INSTALLED,
                    "face models are not usable: " + String.join("; ", problems) + ". Run ./ridgeline setup to fetch them");
        }
        return new FaceModelFiles(directory.resolve(FaceModelPackage.DETECTOR), directory.resolve(FaceModelPackage.LANDMARKS),
                directory.resolve(FaceModelPackage.EMBEDDING));
    }
}
