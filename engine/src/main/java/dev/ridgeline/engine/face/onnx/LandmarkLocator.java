package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.face.FaceBox;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * 68 landmarks with {@code fr_landmark.onnx}: a square grey 64x64 crop of the box, pixels /256,
 * output normalised to the crop. It is trained on upright faces, so a second pass runs on the
 * crop turned by the first pass's eye line, which fixes most tilted heads.
 */
final class LandmarkLocator {

    private static final int INPUT = 64;

    private LandmarkLocator() {
    }

    static FaceLandmarks locate(Net landmarks, Mat bgr, FaceBox box) {
        FaceLandmarks upright = locate(landmarks, bgr, box, 0);
        return locate(landmarks, bgr, box, upright.eyeLineAngle());
    }

    private static FaceLandmarks locate(Net net, Mat bgr, FaceBox box, double angle) {
        double centreX = box.x() + box.width() / 2;
        double centreY = box.y() + box.height() / 2;
        double side = Math.max(box.width(), box.height());
        SimilarityTransform toCrop = SimilarityTransform.uprightCrop(centreX, centreY, angle, INPUT / side, INPUT / 2.0, INPUT / 2.0);
        float[] output;
        try (MatScope scope = new MatScope()) {
            Mat crop = scope.newMat();
            Imgproc.warpAffine(bgr, crop, scope.track(toCrop.toMat()), new Size(INPUT, INPUT),
                    Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, Scalar.all(0));
            Mat grey = scope.newMat();
            Imgproc.cvtColor(crop, grey, Imgproc.COLOR_BGR2GRAY);
            net.setInput(scope.track(Dnn.blobFromImage(grey, 1 / 256.0, new Size(INPUT, INPUT), Scalar.all(0), false, false)));
            output = Blobs.floats(scope.track(net.forward()));
        }
        SimilarityTransform toImage = toCrop.inverse();
        double[] points = new double[2 * FaceLandmarks.COUNT];
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            double x = output[2 * i] * INPUT;
            double y = output[2 * i + 1] * INPUT;
            points[2 * i] = toImage.applyX(x, y);
            points[2 * i + 1] = toImage.applyY(x, y);
        }
        return new FaceLandmarks(points);
    }
}
