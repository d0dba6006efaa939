package dev.ridgeline.engine.face.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimilarityTransformTest {

    @Test
    void fitRecoversAKnownSimilarity() {
        SimilarityTransform known = SimilarityTransform.uprightCrop(40, 60, 0.3, 1.7, 56, 56);
        double[] from = {10, 20, 80, 25, 45, 60, 20, 90, 75, 95};
        double[] to = new double[from.length];
        for (int i = 0; i < from.length; i += 2) {
            to[i] = known.applyX(from[i], from[i + 1]);
            to[i + 1] = known.applyY(from[i], from[i + 1]);
        }
        SimilarityTransform fitted = SimilarityTransform.fit(from, to);
        assertThat(fitted.a()).isCloseTo(known.a(), within(1e-9));
        assertThat(fitted.b()).isCloseTo(known.b(), within(1e-9));
        assertThat(fitted.tx()).isCloseTo(known.tx(), within(1e-9));
        assertThat(fitted.ty()).isCloseTo(known.ty(), within(1e-9));
    }

    @Test
    void uprightCropTurnsTheEyeLineLevelAndInverseUndoesIt() {
        double angle = Math.toRadians(20);
        SimilarityTransform crop = SimilarityTransform.uprightCrop(100, 100, angle, 0.5, 32, 32);
        double rightEyeX = 100 + 30 * Math.cos(angle);
        double rightEyeY = 100 + 30 * Math.sin(angle);
        assertThat(crop.applyY(rightEyeX, rightEyeY)).isCloseTo(crop.applyY(100, 100), within(1e-9));
        assertThat(crop.applyX(100, 100)).isCloseTo(32, within(1e-9));
        SimilarityTransform back = crop.inverse();
        assertThat(back.applyX(crop.applyX(7, 9), crop.applyY(7, 9))).isCloseTo(7, within(1e-9));
        assertThat(back.applyY(crop.applyX(7, 9), crop.applyY(7, 9))).isCloseTo(9, within(1e-9));
    }
}
