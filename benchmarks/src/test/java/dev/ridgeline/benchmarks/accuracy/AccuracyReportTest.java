package dev.ridgeline.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyReportTest {

    @TempDir
    Path dir;

    @Test
    void writesTheChartsAndAPageListingTheFiguresInOrder() throws IOException {
        Random random = new Random(11);
        double[] genuine = new double[2_000];
        double[] impostor = new double[50_000];
        for (int i = 0; i < genuine.length; i++) {
            genuine[i] = Math.max(0, 60 + 25 * random.nextGaussian());
        }
        for (int i = 0; i < impostor.length; i++) {
            impostor[i] = Math.max(0, 8 + 5 * random.nextGaussian());
        }
        ErrorRates rates = ErrorRates.of(genuine, impostor);
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("zeta <first>", "1 & 2");
        figures.put("EER", "0.12%");
        figures.put("alpha", "\"quoted\"");

        Path report = dir.resolve("report");
        AccuracyReport.write(report, "Ridgeline <test>", rates, genuine, impostor, figures,
                List.of(new AccuracyReport.ChartFile("more <chart>.png", "a further chart")));

        assertChart(report.resolve("det.png"), true);
        assertChart(report.resolve("scores.png"), true);
        String html = Files.readString(report.resolve("index.html"));
        assertThat(html).contains("<title>Ridgeline &lt;test&gt;</title>", "<h1>Ridgeline &lt;test&gt;</h1>",
                "src=\"det.png\"", "src=\"scores.png\"", "src=\"more &lt;chart&gt;.png\"", "&quot;quoted&quot;")
                .doesNotContain("<test>", "<first>");
        assertThat(html.indexOf("zeta &lt;first&gt;</td><td>1 &amp; 2"))
                .isPositive()
                .isLessThan(html.indexOf("<td>EER</td><td>0.12%"));
        assertThat(html.indexOf("<td>EER</td>")).isLessThan(html.indexOf("<td>alpha</td>"));
    }

    @Test
    void writesAReportEvenWithoutGenuineScores() throws IOException {
        double[] impostor = {1, 2, 3};
        AccuracyReport.write(dir, "impostors only", ErrorRates.of(new double[0], impostor), new double[0],
                impostor, Map.of("EER", "n/a"), List.of());

        // No DET curve without genuine scores: axes and a note only, in black and grey.
        assertChart(dir.resolve("det.png"), false);
        assertChart(dir.resolve("scores.png"), true);
        assertThat(Files.readString(dir.resolve("index.html"))).contains("<td>EER</td><td>n/a</td>");
    }

    private static void assertChart(Path file, boolean hasData) throws IOException {
        assertThat(file).isRegularFile();
        assertThat(Files.size(file)).isPositive();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(600);
        if (!hasData) {
            return;
        }
        // Data was drawn in colour, beyond the black, white and grey of the frame and grid.
        int coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int b = rgb & 0xFF;
                coloured += Math.abs(r - b) > 60 ? 1 : 0;
            }
        }
        assertThat(coloured).isGreaterThan(50);
    }
}
