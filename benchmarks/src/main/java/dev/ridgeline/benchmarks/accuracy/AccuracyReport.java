package dev.ridgeline.benchmarks.accuracy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an accuracy report directory: {@value #DET_FILE} (DET curve on log-log axes, EER
 * marked), {@value #SCORES_FILE} (genuine and impostor score histograms) and {@value #PAGE_FILE}
 * (title, figures table and both charts). Charts are 800x600 PNGs drawn with Java2D, which needs
 * no display.
 */
public final class AccuracyReport {

    public static final String DET_FILE = "det.png";
    public static final String SCORES_FILE = "scores.png";
    public static final String PAGE_FILE = "index.html";

    private AccuracyReport() {
    }

    /**
     * Creates {@code dir} if needed and (over)writes the three files in it.
     *
     * @param rates the rates of {@code genuine} and {@code impostor}, for the DET curve and EER
     * @param genuine the raw genuine scores, for the histogram
     * @param impostor the raw impostor scores, for the histogram
     * @param figures name to value rows for the page's table, shown in the map's iteration order
     *        (use a LinkedHashMap to keep insertion order); names and values are HTML-escaped
     */
    public static void write(Path dir, String title, ErrorRates rates, double[] genuine, double[] impostor,
            Map<String, String> figures) throws IOException {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(genuine, "genuine");
        Objects.requireNonNull(impostor, "impostor");
        Objects.requireNonNull(figures, "figures");
        Files.createDirectories(dir);
        DetPlot.write(dir.resolve(DET_FILE), title, rates);
        ScoreHistogramPlot.write(dir.resolve(SCORES_FILE), title, genuine, impostor);
        Files.writeString(dir.resolve(PAGE_FILE), ReportPage.html(title, figures, DET_FILE, SCORES_FILE),
                StandardCharsets.UTF_8);
    }
}
