package dev.ridgeline.engine.face.onnx;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Warps a face onto the ArcFace 112x112 template by the similarity that best fits its five points. */
final class FaceAligner {

    static final int SIZE = 112;
    /** Where ArcFace-style models expect eye centres, nose tip and mouth corners in a 112x112 crop. */
    private static final double[] REFERENCE = {
        38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041};

    /**
     * Fill for the part of the crop beyond the image (photos cropped tight to the face): the image
     * mirrored at its edge, since the model reads a black band as part of the face. Mirroring and
     * repeating the edge pixels measured alike (docs/ACCURACY.md).
     */
    private static final int BORDER = Core.BORDER_REFLECT;

    private FaceAligner() {
    }

    /** The aligned 112x112 BGR face; the caller releases it. */
    static Mat align(Mat bgr, double[] fivePoints) {
        SimilarityTransform toTemplate = SimilarityTransform.fit(fivePoints, REFERENCE);
        Mat matrix = toTemplate.toMat();
        Mat aligned = new Mat();
        try {
            Imgproc.warpAffine(bgr, aligned, matrix, new Size(SIZE, SIZE), Imgproc.INTER_LINEAR, BORDER);
            return aligned;
        } finally {
            matrix.release();
        }
    }
}
