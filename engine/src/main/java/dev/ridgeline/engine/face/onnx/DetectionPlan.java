package dev.ridgeline.engine.face.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Which windows the detector runs on for an image of a given size. The detector sees a fixed
 * 320x240 input and finds faces of roughly 20-200 px there, so a large photo is scanned as a
 * pyramid: the whole image first, then levels twice as fine, each cut into overlapping tiles,
 * until a face of {@link #MIN_FACE_PIXELS} source pixels reaches {@link #MIN_DETECTOR_FACE_PIXELS}.
 */
final class DetectionPlan {

    /** Smallest face (box side, source pixels) the pipeline promises to find. */
    static final int MIN_FACE_PIXELS = 80;
    /** Box side at which the detector finds faces reliably. */
    static final int MIN_DETECTOR_FACE_PIXELS = 24;
    /**
     * Tile overlap in detector pixels: every face up to twice the level's smallest (the larger
     * ones belong to the coarser level) lies wholly inside some tile.
     */
    private static final int OVERLAP_X = 80;
    private static final int OVERLAP_Y = 60;
    /** Border added around the image, as a fraction of its size, for the retry on tight portraits. */
    private static final double PORTRAIT_PADDING = 0.5;

    private DetectionPlan() {
    }

    /** Levels coarse to fine; each level's windows share one resize of the image. */
    static List<List<DetectionWindow>> pyramid(int width, int height) {
        double fit = Math.min((double) DetectionWindow.WIDTH / width, (double) DetectionWindow.HEIGHT / height);
        double finest = Math.min(1.0, (double) MIN_DETECTOR_FACE_PIXELS / MIN_FACE_PIXELS);
        List<List<DetectionWindow>> levels = new ArrayList<>();
        levels.add(List.of(DetectionWindow.whole(fit, 0, 0)));
        for (double scale = fit * 2; scale / 2 < finest; scale *= 2) {
            levels.add(tiles(Math.min(scale, finest), width, height));
        }
        return levels;
    }

    /**
     * The whole image shrunk inside a border: a face that fills the frame (a passport-style crop,
     * ORL's 92x112 portraits) is too tight for the detector, which was trained on faces with context.
     */
    static DetectionWindow padded(int width, int height) {
        double framed = 1 + 2 * PORTRAIT_PADDING;
        double scale = Math.min(DetectionWindow.WIDTH / (framed * width), DetectionWindow.HEIGHT / (framed * height));
        int originX = -(int) Math.round((DetectionWindow.WIDTH - width * scale) / 2);
        int originY = -(int) Math.round((DetectionWindow.HEIGHT - height * scale) / 2);
        return DetectionWindow.whole(scale, originX, originY);
    }

    private static List<DetectionWindow> tiles(double scale, int width, int height) {
        int scaledWidth = (int) Math.round(width * scale);
        int scaledHeight = (int) Math.round(height * scale);
        List<DetectionWindow> windows = new ArrayList<>();
        for (int y : starts(scaledHeight, DetectionWindow.HEIGHT, OVERLAP_Y)) {
            for (int x : starts(scaledWidth, DetectionWindow.WIDTH, OVERLAP_X)) {
                windows.add(new DetectionWindow(scale, x, y, x > 0, y > 0,
                        x + DetectionWindow.WIDTH < scaledWidth, y + DetectionWindow.HEIGHT < scaledHeight));
            }
        }
        return windows;
    }

    /** Tile origins along one axis: evenly stepped, the last flush with the end. */
    private static List<Integer> starts(int length, int tile, int overlap) {
        if (length <= tile) {
            return List.of(0);
        }
        int step = tile - overlap;
        int count = (int) Math.ceil((double) (length - tile) / step) + 1;
        List<Integer> starts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            starts.add((int) Math.round((double) i * (length - tile) / (count - 1)));
        }
        return starts;
    }
}
