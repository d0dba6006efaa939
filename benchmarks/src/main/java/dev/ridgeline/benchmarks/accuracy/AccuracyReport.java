package dev.ridgeline.benchmarks.accuracy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an accuracy report directory: {@value #DET_FILE} (DET curve on log-log axes, EER
 * marked), {@value #SCORES_FILE} (genuine and impostor score histograms) and {@value #PAGE_FILE}
 * (title, figures table, both charts and any the caller adds). Charts are 800x600 PNGs drawn with Java2D, which needs
 * no display.
 */
public final class AccuracyReport {

    public static final String DET_FILE = "det.png";
    public static final String SCORES_FILE = "scores.png";
    public static final String PAGE_FILE = "index.html";

    private AccuracyReport() {
    }

    /** A further chart the caller wrote into the report's directory, shown on the page after the two. */
    public record ChartFile(String file, String description) {
    }

    /**
     * Creates {@code dir} if needed and (over)writes the three files in it.
     *
     * @param rates the rates of {@code genuine} and {@code impostor}, for the DET curve and EER
     * @param genuine the raw genuine scores, for the histogram
     * @param impostor the raw impostor scores, for the histogram
     * @param figures name to value rows for the page's table, shown in the map's iteration order
     *        (use a LinkedHashMap to keep insertion order); names and values are HTML-escaped
     * @param moreCharts charts already in {@code dir}, by file name, shown after the DET curve and histograms
     */
    public static void write(Path dir, String title, ErrorRates rates, double[] genuine, double[] impostor,
            Map<String, String> figures, List<ChartFile> moreCharts) throws IOException {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(genuine, "genuine");
        Objects.requireNonNull(impostor, "impostor");
        Objects.requireNonNull(figures, "figures");
        Files.createDirectories(dir);
        DetPlot.write(dir.resolve(DET_FILE), title, rates);
        ScoreHistogramPlot.write(dir.resolve(SCORES_FILE), title, genuine, impostor);
        Files.writeString(dir.resolve(PAGE_FILE), ReportPage.html(title, figures, charts(moreCharts)),
                StandardCharsets.UTF_8);
    }

    private static List<ChartFile> charts(List<ChartFile> more) {
        List<ChartFile> charts = new ArrayList<>(List.of(
                new ChartFile(DET_FILE, "DET curve: false non-match rate against false match rate"),
                new ChartFile(SCORES_FILE, "genuine and impostor score histograms")));
        charts.addAll(more);
        return charts;
    }
}
