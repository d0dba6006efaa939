package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceBox;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * The image changes that turn a dev photo into a harder one: a tight crop to the face (card chip
 * photos, legacy records) and low light (dark exposure lit from one side). Deterministic, so a
 * variant measures the same photos on every run. Inputs are 8-bit BGR; results are new Mats the
 * caller releases.
 */
final class PhotoTransforms {

    /** Exponent of the darkening curve: mid-grey 128 becomes 46. */
    static final double LOW_LIGHT_GAMMA = 2.5;
    /** Brightness factor at the shaded (right) edge; the left edge keeps 1. */
    static final double SHADED_EDGE = 0.25;

    private PhotoTransforms() {
    }

    /** The box grown by {@code margin} of its width and height on every side, clipped to the image. */
    static Mat tightCrop(Mat image, FaceBox box, double margin) {
        int left = clamp(box.x() - margin * box.width(), image.cols());
        int top = clamp(box.y() - margin * box.height(), image.rows());
        int right = clamp(box.x() + (1 + margin) * box.width(), image.cols());
        int bottom = clamp(box.y() + (1 + margin) * box.height(), image.rows());
        if (right <= left || bottom <= top) {
            return image.clone();
        }
        Mat view = image.submat(new Rect(left, top, right - left, bottom - top));
        try {
            return view.clone();
        } finally {
            view.release();
        }
    }

    /** Gamma-darkened, then shaded by a brightness ramp from 1 at the left edge to {@link #SHADED_EDGE} at the right. */
    static Mat lowLight(Mat image) {
        Mat curve = new Mat(1, 256, CvType.CV_8U);
        Mat ramp = new Mat(image.rows(), image.cols(), CvType.CV_32FC3);
        Mat darkened = new Mat();
        Mat lit = new Mat();
        try {
            byte[] table = new byte[256];
            for (int v = 0; v < 256; v++) {
                table[v] = (byte) Math.round(255 * Math.pow(v / 255.0, LOW_LIGHT_GAMMA));
            }
            curve.put(0, 0, table);
            Core.LUT(image, curve, darkened);
            float[] row = new float[3 * image.cols()];
            for (int x = 0; x < image.cols(); x++) {
                double along = image.cols() == 1 ? 0 : (double) x / (image.cols() - 1);
                row[3 * x] = row[3 * x + 1] = row[3 * x + 2] = (float) (1 - along * (1 - SHADED_EDGE));
            }
            for (int y = 0; y < image.rows(); y++) {
                ramp.put(y, 0, row);
            }
            darkened.convertTo(lit, CvType.CV_32FC3);
            Core.multiply(lit, ramp, lit);
            Mat result = new Mat();
            lit.convertTo(result, CvType.CV_8UC3);
            return result;
        } finally {
            curve.release();
            ramp.release();
            darkened.release();
            lit.release();
        }
    }

    private static int clamp(double coordinate, int limit) {
        return (int) Math.max(0, Math.min(limit, Math.round(coordinate)));
    }
}
