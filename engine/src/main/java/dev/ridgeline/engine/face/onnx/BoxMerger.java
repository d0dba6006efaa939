package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.face.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression over boxes gathered from every window and level. */
final class BoxMerger {

    private BoxMerger() {
    }

    static List<FaceBox> merge(List<FaceBox> candidates, double maxOverlap) {
        List<FaceBox> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(FaceBox::confidence).reversed());
        List<FaceBox> kept = new ArrayList<>();
        for (FaceBox candidate : sorted) {
            if (kept.stream().allMatch(box -> intersectionOverUnion(box, candidate) <= maxOverlap)) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    static double intersectionOverUnion(FaceBox first, FaceBox second) {
        double width = Math.min(first.x() + first.width(), second.x() + second.width()) - Math.max(first.x(), second.x());
        double height = Math.min(first.y() + first.height(), second.y() + second.height()) - Math.max(first.y(), second.y());
        if (width <= 0 || height <= 0) {
            return 0;
        }
        double intersection = width * height;
        return intersection / (first.width() * first.height() + second.width() * second.height() - intersection);
    }
}
