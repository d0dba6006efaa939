package dev.ridgeline.engine.face.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionPlanTest {

    @Test
    void smallPhotoIsOneWholeWindow() {
        List<List<DetectionWindow>> levels = DetectionPlan.pyramid(250, 250);
        assertThat(levels).hasSize(1);
        assertThat(levels.get(0)).containsExactly(DetectionWindow.whole(0.96, 0, 0));
    }

    @Test
    void largePhotoIsScannedFinelyEnoughForEightyPixelFacesWithOverlappingTiles() {
        List<List<DetectionWindow>> levels = DetectionPlan.pyramid(4000, 3000);
        List<DetectionWindow> finest = levels.get(levels.size() - 1);
        double scale = finest.get(0).scale();
        assertThat(DetectionPlan.MIN_FACE_PIXELS * scale).isGreaterThanOrEqualTo(DetectionPlan.MIN_DETECTOR_FACE_PIXELS);
        int scaledWidth = (int) Math.round(4000 * scale);
        int scaledHeight = (int) Math.round(3000 * scale);
        // every 48x48 patch (twice the level's smallest face) lies wholly inside some window
        for (int y = 0; y + 48 <= scaledHeight; y += 7) {
            for (int x = 0; x + 48 <= scaledWidth; x += 7) {
                int px = x;
                int py = y;
                assertThat(finest).anyMatch(w -> w.originX() <= px && px + 48 <= w.originX() + DetectionWindow.WIDTH
                        && w.originY() <= py && py + 48 <= w.originY() + DetectionWindow.HEIGHT);
            }
        }
        assertThat(levels.stream().mapToInt(List::size).sum()).isLessThan(80);
    }

    @Test
    void paddedWindowCentresTheShrunkImage() {
        DetectionWindow padded = DetectionPlan.padded(92, 112);
        assertThat(112 * padded.scale()).isCloseTo(120, org.assertj.core.data.Offset.offset(0.5));
        assertThat(padded.originY()).isEqualTo(-60);
    }
}
