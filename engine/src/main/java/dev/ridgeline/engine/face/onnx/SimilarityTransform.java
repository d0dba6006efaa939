package dev.ridgeline.engine.face.onnx;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A 2-D similarity (rotation, uniform scale, translation, no reflection) as the affine matrix
 * {@code [[a, -b, tx], [b, a, ty]]}.
 */
record SimilarityTransform(double a, double b, double tx, double ty) {

    /** Maps {@code fromCentre} to {@code toCentre}, rotating by {@code -angle} radians and scaling by {@code scale}: a crop made upright. */
    static SimilarityTransform uprightCrop(double fromX, double fromY, double angle, double scale, double toX, double toY) {
        double a = scale * Math.cos(angle);
        double b = -scale * Math.sin(angle);
        return new SimilarityTransform(a, b, toX - (a * fromX - b * fromY), toY - (b * fromX + a * fromY));
    }

    /**
     * The least-squares similarity taking {@code from} onto {@code to} (points as x, y interleaved):
     * Umeyama's closed form, which in 2-D reduces to the two sums below.
     */
    static SimilarityTransform fit(double[] from, double[] to) {
        int n = from.length / 2;
        double fromMeanX = 0, fromMeanY = 0, toMeanX = 0, toMeanY = 0;
        for (int i = 0; i < n; i++) {
            fromMeanX += from[2 * i];
            fromMeanY += from[2 * i + 1];
            toMeanX += to[2 * i];
            toMeanY += to[2 * i + 1];
        }
        fromMeanX /= n;
        fromMeanY /= n;
        toMeanX /= n;
        toMeanY /= n;
        double dot = 0, cross = 0, spread = 0;
        for (int i = 0; i < n; i++) {
            double x = from[2 * i] - fromMeanX;
            double y = from[2 * i + 1] - fromMeanY;
            double u = to[2 * i] - toMeanX;
            double v = to[2 * i + 1] - toMeanY;
            dot += x * u + y * v;
            cross += x * v - y * u;
            spread += x * x + y * y;
        }
        double a = dot / spread;
        double b = cross / spread;
        return new SimilarityTransform(a, b, toMeanX - (a * fromMeanX - b * fromMeanY), toMeanY - (b * fromMeanX + a * fromMeanY));
    }

    double applyX(double x, double y) {
        return a * x - b * y + tx;
    }

    double applyY(double x, double y) {
        return b * x + a * y + ty;
    }

    SimilarityTransform inverse() {
        double norm = a * a + b * b;
        double ia = a / norm;
        double ib = -b / norm;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    /** The 2x3 matrix {@code Imgproc.warpAffine} expects; the caller releases it. */
    Mat toMat() {
        Mat matrix = new Mat(2, 3, CvType.CV_64F);
        matrix.put(0, 0, a, -b, tx, b, a, ty);
        return matrix;
    }
}
