package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorVersusRejectPlotTest {

    @TempDir
    Path dir;

    /** A measure that knows nothing draws a level line where its FNMR is; one that knows falls from the top. */
    @Test
    void drawsEachCurveAtItsFnmrInItsOwnColour() throws IOException {
        List<ErrorVersusReject.Point> falling = List.of(new ErrorVersusReject.Point(0, 0.20),
                new ErrorVersusReject.Point(0.1, 0.10), new ErrorVersusReject.Point(0.2, 0.05));
        List<ErrorVersusReject.Point> level = List.of(new ErrorVersusReject.Point(0, 0.10),
                new ErrorVersusReject.Point(0.1, 0.10), new ErrorVersusReject.Point(0.2, 0.10));
        Path file = dir.resolve("erc.png");

        ErrorVersusRejectPlot.write(file, "test", List.of("score", "nothing"), List.of(falling, level),
                "the threshold for FMR 0.1%");

        BufferedImage image = ImageIO.read(file.toFile());
        // Plot area 80..770 x 50..540; axes 0-20% across and 0-22% (the largest FNMR and a tenth) up.
        int levelY = (int) Math.round(50 + (1 - 10.0 / 22) * 490);
        int quarterX = (int) Math.round(80 + 0.25 * 690);
        assertThat(nearby(image, quarterX, levelY, 0xFF7F0E)).as("the level curve at 10%").isTrue();
        assertThat(nearby(image, quarterX, (int) Math.round(50 + (1 - 15.0 / 22) * 490), 0x1F77B4))
                .as("the falling curve at 15%, halfway from 20% to 10%").isTrue();
        assertThat(nearby(image, quarterX, (int) Math.round(50 + (1 - 15.0 / 22) * 490), 0xFF7F0E)).isFalse();
    }

    private static boolean nearby(BufferedImage image, int x, int y, int rgb) {
        for (int dy = -3; dy <= 3; dy++) {
            int pixel = image.getRGB(x, y + dy);
            if (Math.abs(((pixel >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) < 40
                    && Math.abs(((pixel >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) < 40
                    && Math.abs((pixel & 0xFF) - (rgb & 0xFF)) < 40) {
                return true;
            }
        }
        return false;
    }
}
