package dev.ridgeline.engine.face.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model refuses to start on missing or altered files, naming them and the fix. */
class FaceModelFilesTest {

    @Test
    void versionFollowsTheEmbeddingModelDigest() {
        assertThat(FaceTestImages.model().id()).isEqualTo("faceplugin-fr_feature");
        assertThat(FaceTestImages.model().version()).isEqualTo("0.0.1+87aacdfe5751");
        assertThat(FaceTestImages.model().dimension()).isEqualTo(512);
    }

    @Test
    void missingAndAlteredFilesAreNamed(@TempDir Path directory) throws IOException {
        Path source = FaceTestImages.modelDirectory();
        for (String file : FaceModelPackage.PACKAGE.files().keySet()) {
            if (!file.equals(FaceModelPackage.LANDMARKS)) {
                Files.createDirectories(directory.resolve(file).getParent());
                Files.copy(source.resolve(file), directory.resolve(file));
            }
        }
        Files.write(directory.resolve(FaceModelPackage.EMBEDDING), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> OpenCvFaceModel.open(directory, ImageLimits.DEFAULT))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.NOT_INSTALLED))
                .hasMessageContaining("fr_landmark.onnx is missing")
                .hasMessageContaining("fr_feature.onnx is altered")
                .hasMessageContaining("./ridgeline setup");
    }
}
