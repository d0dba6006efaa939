package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.chart.Chart;
import dev.ridgeline.benchmarks.chart.LinearAxis;
import dev.ridgeline.benchmarks.chart.NinesAxis;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The latency files of a run: HdrHistogram's percentile distribution as text (in ms) and a plot of
 * latency against percentile on a nines axis.
 */
final class LatencyReport {

    static final String TEXT_FILE = "latency-percentiles.txt";
    static final String PLOT_FILE = "latency.png";
    private static final Color CURVE = new Color(0x1F77B4);
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
            Path2D.Double curve = new Path2D.Double();
            for (HistogramIterationValue value : latencyMicros.percentiles(TICKS_PER_HALF_DISTANCE)) {
                Point2D.Double p = chart.at(value.getPercentileLevelIteratedTo() / 100,
                        value.getValueIteratedTo() / 1000.0);
                if (curve.getCurrentPoint() == null) {
                    curve.moveTo(p.x, p.y);
                } else {
                    curve.lineTo(p.x, p.y);
                }
            }
            plot.setColor(CURVE);
            plot.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            plot.draw(curve);
        } finally {
            plot.dispose();
        }
        chart.writePng(file);
    }
}
