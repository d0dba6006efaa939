package dev.ridgeline.engine.face.onnx;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * Local contrast normalisation (CLAHE on the lightness channel) for the detector's last try: in a
 * dark or side-lit photo the shaded half of the face otherwise has too little contrast for it.
 * Colours are kept; landmarks and the embedding still read the photo as it is.
 */
final class ContrastNormalizer {

    /** Histogram clip: the usual 2, since a higher clip amplifies noise in flat dark areas. */
    private static final double CLIP_LIMIT = 2.0;
    private static final Size TILES = new Size(8, 8);

    private ContrastNormalizer() {
    }

    /** The normalised copy; the caller releases it. */
    static Mat normalize(Mat bgr) {
        try (MatScope scope = new MatScope()) {
            Mat lab = scope.newMat();
            Imgproc.cvtColor(bgr, lab, Imgproc.COLOR_BGR2Lab);
            List<Mat> channels = new ArrayList<>();
            Core.split(lab, channels);
            channels.forEach(scope::track);
            CLAHE clahe = Imgproc.createCLAHE(CLIP_LIMIT, TILES);
            clahe.apply(channels.get(0), channels.get(0));
            Core.merge(channels, lab);
            Mat normalized = new Mat();
            Imgproc.cvtColor(lab, normalized, Imgproc.COLOR_Lab2BGR);
            return normalized;
        }
    }
}
