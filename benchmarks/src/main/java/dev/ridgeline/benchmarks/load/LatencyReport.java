package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.chart.Chart;
import dev.ridgeline.benchmarks.chart.LinearAxis;
import dev.ridgeline.benchmarks.chart.NinesAxis;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The latency files of a run: HdrHistogram's percentile distribution as text (in ms) and a plot of
 * latency against percentile on a nines axis.
 */
final class LatencyReport {

    static final String TEXT_FILE = "latency-percentiles.txt";
    static final String PLOT_FILE = "latency.png";
    /** Percentile steps per halving of the remaining distance to 100%, as HdrHistogram's own output uses. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private LatencyReport() {
    }

    static void write(Path directory, String title, Histogram latencyMicros) throws IOException {
        Files.createDirectories(directory);
        try (PrintStream out = new PrintStream(Files.newOutputStream(directory.resolve(TEXT_FILE)), false, "UTF-8")) {
            latencyMicros.outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, 1000.0);
        }
        plot(directory.resolve(PLOT_FILE), title, latencyMicros);
    }

    private static void plot(Path file, String title, Histogram latencyMicros) throws IOException {
        double maxMillis = Math.max(0.001, latencyMicros.getMaxValue() / 1000.0);
        Chart chart = new Chart(title, new NinesAxis(NinesAxis.forCount(latencyMicros.getTotalCount())), "percentile",
                new LinearAxis(0, maxMillis * 1.05), "latency (ms)");
        Graphics2D plot = chart.plotGraphics();
        try {
            List<Point2D.Double> curve = new ArrayList<>();
            for (HistogramIterationValue value : latencyMicros.percentiles(TICKS_PER_HALF_DISTANCE)) {
                curve.add(new Point2D.Double(value.getPercentileLevelIteratedTo() / 100,
                        value.getValueIteratedTo() / 1000.0));
            }
            chart.drawCurve(plot, curve);
        } finally {
            plot.dispose();
        }
        chart.writePng(file);
    }
}
