package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.face.FaceQuality;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

/** Measures how usable a captured face is: size, sharpness and head turn, and a 0-100 summary. */
final class QualityMeter {

    private QualityMeter() {
    }

    static FaceQuality measure(FaceLandmarks landmarks, Mat alignedBgr) {
        double interOcular = landmarks.interOcularDistance();
        double sharpness = sharpness(alignedBgr);
        double yaw = landmarks.yawDegrees();
        double size = ramp(interOcular, QualityScale.SMALL_EYES, QualityScale.AMPLE_EYES);
        double focus = ramp(Math.log(sharpness), Math.log(QualityScale.BLURRED), Math.log(QualityScale.CRISP));
        double pose = ramp(-Math.abs(yaw), -QualityScale.PROFILE_YAW, -QualityScale.FRONTAL_YAW);
        // A product: one poor factor (tiny, blurred or turned) makes a poor face whatever the others.
        int score = (int) Math.round(100 * size * focus * pose);
        return new FaceQuality(score, interOcular, sharpness, yaw);
    }

    /** Variance of the Laplacian of the aligned grey face: blur removes the high frequencies it sees. */
    private static double sharpness(Mat alignedBgr) {
        try (MatScope scope = new MatScope()) {
            Mat grey = scope.newMat();
            Imgproc.cvtColor(alignedBgr, grey, Imgproc.COLOR_BGR2GRAY);
            Mat laplacian = scope.newMat();
            Imgproc.Laplacian(grey, laplacian, CvType.CV_64F);
            MatOfDouble mean = scope.track(new MatOfDouble());
            MatOfDouble deviation = scope.track(new MatOfDouble());
            Core.meanStdDev(laplacian, mean, deviation);
            double sigma = deviation.toArray()[0];
            return sigma * sigma;
        }
    }

    /** 0 at or below {@code low}, 1 at or above {@code high}, linear between. */
    private static double ramp(double value, double low, double high) {
        return Math.max(0, Math.min(1, (value - low) / (high - low)));
    }

    /** Where each factor of the 0-100 score starts and stops counting (LFW's typical face scores full marks). */
    private static final class QualityScale {
        static final double SMALL_EYES = 24;
        static final double AMPLE_EYES = 40;
        static final double BLURRED = 20;
        static final double CRISP = 100;
        static final double FRONTAL_YAW = 20;
        static final double PROFILE_YAW = 50;
    }
}
