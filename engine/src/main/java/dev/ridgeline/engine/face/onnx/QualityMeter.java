package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceQuality;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

/** Measures how usable a captured face is, and sums it up in a 0-100 score that predicts comparison errors. */
final class QualityMeter {

    private QualityMeter() {
    }

    static FaceQuality measure(FaceBox box, FaceLandmarks landmarks, FaceAligner.Aligned aligned, double embeddingNorm) {
        GreyStatistics grey = GreyStatistics.of(aligned.image());
        // What predicted false non-matches on the dev sets (docs/ACCURACY.md, error-versus-reject):
        // the embedding's length, and the share of the crop made up by the border fill once it is
        // large. Eye distance, sharpness, yaw, contrast and detector confidence did not, so they
        // stay limits of the enrollment gate rather than terms of the score.
        double recognisable = ramp(embeddingNorm, QualityScale.WEAK_NORM, QualityScale.STRONG_NORM);
        double inPhoto = ramp(-aligned.outsideFraction(), -QualityScale.MOSTLY_FILL, -QualityScale.HARMLESS_FILL);
        int score = (int) Math.round(100 * recognisable * inPhoto);
        return new FaceQuality(score, landmarks.interOcularDistance(), grey.laplacianVariance(), landmarks.yawDegrees(),
                aligned.outsideFraction(), aligned.faceOutsideFraction(), box.confidence(), grey.deviation(),
                embeddingNorm);
    }

    /**
     * Of the aligned grey face: the variance of its Laplacian (blur removes the high frequencies it
     * sees) and the spread of its grey levels (dim and flat light narrow it).
     */
    private record GreyStatistics(double laplacianVariance, double deviation) {

        static GreyStatistics of(Mat alignedBgr) {
            try (MatScope scope = new MatScope()) {
                Mat grey = scope.newMat();
                Imgproc.cvtColor(alignedBgr, grey, Imgproc.COLOR_BGR2GRAY);
                Mat laplacian = scope.newMat();
                Imgproc.Laplacian(grey, laplacian, CvType.CV_64F);
                return new GreyStatistics(square(deviation(scope, laplacian)), deviation(scope, grey));
            }
        }

        private static double deviation(MatScope scope, Mat mat) {
            MatOfDouble mean = scope.track(new MatOfDouble());
            MatOfDouble deviation = scope.track(new MatOfDouble());
            Core.meanStdDev(mat, mean, deviation);
            return deviation.toArray()[0];
        }

        private static double square(double value) {
            return value * value;
        }
    }

    /** 0 at or below {@code low}, 1 at or above {@code high}, linear between. */
    private static double ramp(double value, double low, double high) {
        return Math.max(0, Math.min(1, (value - low) / (high - low)));
    }

    /** Where each factor of the 0-100 score starts and stops counting. */
    private static final class QualityScale {
        /** Embedding lengths: LFW's photos span 2.7-4.7 (1st-99th percentile), darkened ones reach 2.3. */
        static final double WEAK_NORM = 2.0;
        static final double STRONG_NORM = 4.5;
        /** Crop shares filled by mirroring: ORL's uncropped photos reach 33% and match as well as any. */
        static final double HARMLESS_FILL = 0.3;
        static final double MOSTLY_FILL = 0.7;
    }
}
