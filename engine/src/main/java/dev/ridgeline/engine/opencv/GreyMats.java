package dev.ridgeline.engine.opencv;

import dev.ridgeline.engine.image.GreyImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Grey images to OpenCV {@link Mat}s and back, and the resize every fingerprint lever shares.
 * Mats returned are the caller's to release (OpenCV frees them only by finalizer otherwise).
 */
public final class GreyMats {

    private GreyMats() {
    }

    /** An 8-bit single-channel Mat holding a copy of the pixels. */
    public static Mat toMat(GreyImage image) {
        OpenCvNative.load();
        Mat mat = new Mat(image.height(), image.width(), CvType.CV_8UC1);
        mat.put(0, 0, image.pixels());
        return mat;
    }

    /** The pixels of an 8-bit single-channel Mat. */
    public static GreyImage toImage(Mat mat) {
        if (mat.type() != CvType.CV_8UC1) {
            throw new IllegalArgumentException("expected an 8-bit grey Mat, got type " + mat.type());
        }
        byte[] pixels = new byte[mat.rows() * mat.cols()];
        mat.get(0, 0, pixels);
        return new GreyImage(mat.cols(), mat.rows(), pixels);
    }

    /**
     * The image resized to {@code width x height}, aspect ignored: area averaging when it shrinks
     * on both axes (no aliasing of fine ridges), bilinear otherwise.
     */
    public static GreyImage resize(GreyImage image, int width, int height) {
        if (width == image.width() && height == image.height()) {
            return image;
        }
        Mat source = toMat(image);
        Mat resized = new Mat();
        try {
            boolean shrinks = width <= image.width() && height <= image.height();
            Imgproc.resize(source, resized, new Size(width, height), 0, 0,
                    shrinks ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            return toImage(resized);
        } finally {
            source.release();
            resized.release();
        }
    }
}
