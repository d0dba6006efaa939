package dev.ridgeline.engine.face.onnx;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Releases every {@link Mat} handed to {@link #track} when the scope closes. OpenCV's Java
 * {@code Mat} otherwise frees its pixels only in a finalizer, which lets native memory pile up
 * far beyond what the Java heap shows.
 */
final class MatScope implements AutoCloseable {

    private final List<Mat> mats = new ArrayList<>();

    <M extends Mat> M track(M mat) {
        mats.add(mat);
        return mat;
    }

    Mat newMat() {
        return track(new Mat());
    }

    @Override
    public void close() {
        for (Mat mat : mats) {
            mat.release();
        }
        mats.clear();
    }
}
