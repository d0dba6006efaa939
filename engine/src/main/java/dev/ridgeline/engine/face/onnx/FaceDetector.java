package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.face.FaceBox;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * Finds face boxes with {@code fr_detect.onnx} (320x240 RGB input, (x-127)/128; outputs 4420
 * anchors' face probabilities and normalised corner boxes), scanning a pyramid of windows
 * ({@link DetectionPlan}) and merging them; looks again inside a border when nothing is found or
 * a face fills the frame, then, if still nothing, once more on a contrast-normalised copy.
 */
final class FaceDetector {

    static final double MIN_CONFIDENCE = 0.65;
    static final double MAX_OVERLAP = 0.4;
    private static final List<String> OUTPUTS = List.of("scores", "boxes");
    /** Pixel value that becomes 0 after normalisation: neutral fill for window borders. */
    private static final Scalar NEUTRAL = new Scalar(127, 127, 127);
    /** Boxes within this many detector pixels of an interior window edge are cut faces. */
    private static final double EDGE_MARGIN = 2;
    /** A box this share of the image's width or height: a tight portrait, boxed again inside a border. */
    private static final double FRAME_FILLING = 0.75;

    private FaceDetector() {
    }

    /** Face boxes in image pixels, largest first. */
    static List<FaceBox> detect(Net detector, Mat bgr) {
        List<FaceBox> faces = detectAsLit(detector, bgr);
        if (!faces.isEmpty()) {
            return faces;
        }
        // A dark or side-lit face can lack the contrast the detector needs. Only as a retry:
        // normalising every photo for detection or landmarks cost LFW 0.1-0.2 points (docs/ACCURACY.md).
        Mat normalized = ContrastNormalizer.normalize(bgr);
        try {
            return detectAsLit(detector, normalized);
        } finally {
            normalized.release();
        }
    }

    private static List<FaceBox> detectAsLit(Net detector, Mat bgr) {
        List<FaceBox> candidates = new ArrayList<>();
        for (List<DetectionWindow> level : DetectionPlan.pyramid(bgr.cols(), bgr.rows())) {
            scanLevel(detector, bgr, level, candidates);
        }
        if (candidates.isEmpty() || fillsFrame(candidates, bgr)) {
            // Trained on faces with context, the detector boxes a face that fills the frame poorly, if at all.
            List<FaceBox> framed = new ArrayList<>();
            scanLevel(detector, bgr, List.of(DetectionPlan.padded(bgr.cols(), bgr.rows())), framed);
            if (!framed.isEmpty()) {
                candidates = framed;
            }
        }
        List<FaceBox> faces = new ArrayList<>(BoxMerger.merge(candidates, MAX_OVERLAP));
        faces.sort((a, b) -> Double.compare(b.width() * b.height(), a.width() * a.height()));
        return faces;
    }

    private static boolean fillsFrame(List<FaceBox> candidates, Mat bgr) {
        return candidates.stream().anyMatch(box -> box.width() >= FRAME_FILLING * bgr.cols()
                || box.height() >= FRAME_FILLING * bgr.rows());
    }

    private static void scanLevel(Net detector, Mat bgr, List<DetectionWindow> windows, List<FaceBox> candidates) {
        double scale = windows.get(0).scale();
        try (MatScope scope = new MatScope()) {
            Mat scaled = scope.newMat();
            int scaledWidth = Math.max(1, (int) Math.round(bgr.cols() * scale));
            int scaledHeight = Math.max(1, (int) Math.round(bgr.rows() * scale));
            // INTER_AREA averages when shrinking; plain sampling would alias fine detail away.
            Imgproc.resize(bgr, scaled, new Size(scaledWidth, scaledHeight), 0, 0,
                    scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            Mat canvas = scope.track(new Mat(DetectionWindow.HEIGHT, DetectionWindow.WIDTH, CvType.CV_8UC3));
            for (DetectionWindow window : windows) {
                fillCanvas(scaled, window, canvas);
                runWindow(detector, canvas, window, candidates);
            }
        }
    }

    private static void fillCanvas(Mat scaled, DetectionWindow window, Mat canvas) {
        canvas.setTo(NEUTRAL);
        int left = Math.max(0, window.originX());
        int top = Math.max(0, window.originY());
        int right = Math.min(scaled.cols(), window.originX() + DetectionWindow.WIDTH);
        int bottom = Math.min(scaled.rows(), window.originY() + DetectionWindow.HEIGHT);
        Mat source = scaled.submat(new Rect(left, top, right - left, bottom - top));
        Mat target = canvas.submat(new Rect(left - window.originX(), top - window.originY(), right - left, bottom - top));
        try {
            source.copyTo(target);
        } finally {
            source.release();
            target.release();
        }
    }

    private static void runWindow(Net detector, Mat canvas, DetectionWindow window, List<FaceBox> candidates) {
        try (MatScope scope = new MatScope()) {
            // swapRB: the detector was trained on RGB, OpenCV decodes to BGR.
            Mat blob = scope.track(Dnn.blobFromImage(canvas, 1 / 128.0, new Size(DetectionWindow.WIDTH, DetectionWindow.HEIGHT),
                    NEUTRAL, true, false));
            detector.setInput(blob);
            List<Mat> outputs = new ArrayList<>();
            detector.forward(outputs, OUTPUTS);
            outputs.forEach(scope::track);
            float[] scores = Blobs.floats(outputs.get(0));
            float[] boxes = Blobs.floats(outputs.get(1));
            for (int anchor = 0; anchor < scores.length / 2; anchor++) {
                float confidence = scores[2 * anchor + 1];
                if (confidence >= MIN_CONFIDENCE) {
                    addUnlessCut(window, boxes, anchor, confidence, candidates);
                }
            }
        }
    }

    private static void addUnlessCut(DetectionWindow window, float[] boxes, int anchor, float confidence, List<FaceBox> candidates) {
        double x1 = boxes[4 * anchor] * DetectionWindow.WIDTH;
        double y1 = boxes[4 * anchor + 1] * DetectionWindow.HEIGHT;
        double x2 = boxes[4 * anchor + 2] * DetectionWindow.WIDTH;
        double y2 = boxes[4 * anchor + 3] * DetectionWindow.HEIGHT;
        boolean cut = (window.interiorLeft() && x1 < EDGE_MARGIN)
                || (window.interiorTop() && y1 < EDGE_MARGIN)
                || (window.interiorRight() && x2 > DetectionWindow.WIDTH - EDGE_MARGIN)
                || (window.interiorBottom() && y2 > DetectionWindow.HEIGHT - EDGE_MARGIN);
        if (cut || x2 <= x1 || y2 <= y1) {
            return;
        }
        double scale = window.scale();
        candidates.add(new FaceBox((x1 + window.originX()) / scale, (y1 + window.originY()) / scale,
                (x2 - x1) / scale, (y2 - y1) / scale, confidence));
    }
}
