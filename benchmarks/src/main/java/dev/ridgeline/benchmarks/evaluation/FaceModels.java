package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.onnx.OpenCvFaceModel;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.NpmPackage;
import java.io.IOException;

/** The face model the service runs, from the shared model cache (fetched on first use). */
public final class FaceModels {

    private FaceModels() {
    }

    public static FaceModel open() throws IOException {
        return OpenCvFaceModel.open(FaceModelPackage.PACKAGE.fetch(NpmPackage.defaultCacheRoot()), ImageLimits.DEFAULT);
    }
}
