package dev.ridgeline.engine.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.image.GreyImage;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class GreyMatsTest {

    private static GreyImage gradient(int width, int height) {
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) (x * 255 / (width - 1));
            }
        }
        return new GreyImage(width, height, pixels);
    }

    @Test
    void pixelsSurviveTheRoundTrip() {
        GreyImage image = gradient(37, 23);
        Mat mat = GreyMats.toMat(image);
        try {
            assertThat(mat.cols()).isEqualTo(37);
            assertThat(mat.rows()).isEqualTo(23);
            assertThat(GreyMats.toImage(mat).pixels()).isEqualTo(image.pixels());
        } finally {
            mat.release();
        }
    }

    @Test
    void resizeIgnoresTheAspectAndKeepsTheContent() {
        GreyImage image = gradient(100, 100);
        GreyImage stretched = GreyMats.resize(image, 50, 160);
        assertThat(stretched.width()).isEqualTo(50);
        assertThat(stretched.height()).isEqualTo(160);
        // A left-to-right ramp stays one: dark on the left, light on the right, on every row.
        int row = 80 * 50;
        assertThat(stretched.pixels()[row] & 0xFF).isLessThan(10);
        assertThat(stretched.pixels()[row + 49] & 0xFF).isGreaterThan(245);
        assertThat(stretched.pixels()[row + 25] & 0xFF).isBetween(115, 140);
        assertThat(GreyMats.resize(image, 100, 100)).isSameAs(image);
    }
}
