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

    /**
     * The face itself within the crop: the box of the five reference points widened by half the
     * eye distance on every side (brows to chin, cheek to cheek), clipped to the crop.
     */
    private static final double[] FACE_BOX = faceBox();

    /**
     * An aligned face; the caller releases {@code image}.
     *
     * @param outsideFraction     share of the crop's pixels whose source lay beyond the image, made up by the fill
     * @param faceOutsideFraction the same share within {@link #FACE_BOX}: invented face, not background
     */
    record Aligned(Mat image, double outsideFraction, double faceOutsideFraction) {
    }

    private FaceAligner() {
    }

    static Aligned align(Mat bgr, double[] fivePoints) {
        SimilarityTransform toTemplate = SimilarityTransform.fit(fivePoints, REFERENCE);
        Mat matrix = toTemplate.toMat();
        Mat aligned = new Mat();
        try {
            Imgproc.warpAffine(bgr, aligned, matrix, new Size(SIZE, SIZE), Imgproc.INTER_LINEAR, BORDER);
            return outside(aligned, toTemplate.inverse(), bgr.cols(), bgr.rows());
        } finally {
            matrix.release();
        }
    }

    /** Counts the crop's pixel centres that {@code toImage} sends beyond a {@code cols} x {@code rows} image. */
    private static Aligned outside(Mat aligned, SimilarityTransform toImage, int cols, int rows) {
        int outside = 0;
        int face = 0;
        int faceOutside = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double sourceX = toImage.applyX(x, y);
                double sourceY = toImage.applyY(x, y);
                boolean beyond = sourceX < -0.5 || sourceY < -0.5 || sourceX > cols - 0.5 || sourceY > rows - 0.5;
                boolean inFace = x >= FACE_BOX[0] && y >= FACE_BOX[1] && x <= FACE_BOX[2] && y <= FACE_BOX[3];
                outside += beyond ? 1 : 0;
                face += inFace ? 1 : 0;
                faceOutside += beyond && inFace ? 1 : 0;
            }
        }
        return new Aligned(aligned, outside / (double) (SIZE * SIZE), faceOutside / (double) face);
    }

    /** Left, top, right, bottom of the face within the crop, crop pixels. */
    private static double[] faceBox() {
        double left = Double.MAX_VALUE;
        double top = Double.MAX_VALUE;
        double right = 0;
        double bottom = 0;
        for (int i = 0; i < REFERENCE.length; i += 2) {
            left = Math.min(left, REFERENCE[i]);
            right = Math.max(right, REFERENCE[i]);
            top = Math.min(top, REFERENCE[i + 1]);
            bottom = Math.max(bottom, REFERENCE[i + 1]);
        }
        double margin = (REFERENCE[2] - REFERENCE[0]) / 2;
        return new double[] {
            Math.max(0, left - margin), Math.max(0, top - margin),
            Math.min(SIZE - 1, right + margin), Math.min(SIZE - 1, bottom + margin)};
    }
}
