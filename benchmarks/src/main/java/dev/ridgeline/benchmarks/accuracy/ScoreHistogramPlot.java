package dev.ridgeline.benchmarks.accuracy;

import dev.ridgeline.benchmarks.chart.Chart;
import dev.ridgeline.benchmarks.chart.LinearAxis;
import dev.ridgeline.benchmarks.chart.LogAxis;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Draws genuine and impostor score histograms overlaid, as fractions of each set on a log y axis:
 * the impostor tail that sets FMR1000 is thousands of times smaller than the bulk and would
 * vanish on a linear axis.
 */
final class ScoreHistogramPlot {

    private static final int BINS = 60;
    private static final Color GENUINE = new Color(0x1F77B4);
    private static final Color IMPOSTOR = new Color(0xD62728);

    private ScoreHistogramPlot() {
    }

    static void write(Path file, String title, double[] genuine, double[] impostor) throws IOException {
        double[] range = range(genuine, impostor);
        double[] genuineBins = Histogram.fractions(genuine, range[0], range[1], BINS);
        double[] impostorBins = Histogram.fractions(impostor, range[0], range[1], BINS);
        LogAxis fractionAxis = new LogAxis(lowestDecade(genuineBins, impostorBins), 0);
        Chart chart = new Chart(title + " - score distributions", new LinearAxis(range[0], range[1]), "score",
                fractionAxis, "fraction of comparisons");
        Graphics2D plot = chart.plotGraphics();
        try {
            // Impostors first: the genuine bars, drawn over them, are the ones read at high scores.
            drawBars(plot, chart, impostorBins, range, IMPOSTOR);
            drawBars(plot, chart, genuineBins, range, GENUINE);
        } finally {
            plot.dispose();
        }
        chart.legend(new String[] {"genuine (" + genuine.length + ")", "impostor (" + impostor.length + ")"},
                new Color[] {GENUINE, IMPOSTOR});
        chart.writePng(file);
    }

    /** Both sets' score range, widened when it is a single value (or there are no scores). */
    private static double[] range(double[] genuine, double[] impostor) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] scores : new double[][] {genuine, impostor}) {
            for (double score : scores) {
                if (Double.isFinite(score)) {
                    min = Math.min(min, score);
                    max = Math.max(max, score);
                }
            }
        }
        if (min > max) {
            return new double[] {0, 1};
        }
        if (min == max) {
            return new double[] {min - 0.5, max + 0.5};
        }
        return new double[] {min, max};
    }

    /** A decade below half the smallest non-zero bin, so every occupied bin shows a bar; within 1e-8..0.1. */
    private static int lowestDecade(double[]... histograms) {
        double smallest = 1;
        for (double[] bins : histograms) {
            for (double fraction : bins) {
                if (fraction > 0) {
                    smallest = Math.min(smallest, fraction);
                }
            }
        }
        return Math.max(-8, Math.min(-1, (int) Math.floor(Math.log10(smallest / 2))));
    }

    private static void drawBars(Graphics2D plot, Chart chart, double[] bins, double[] range, Color colour) {
        double width = (range[1] - range[0]) / bins.length;
        Color fill = new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 90);
        for (int b = 0; b < bins.length; b++) {
            if (bins[b] == 0) {
                continue;
            }
            Point2D.Double topLeft = chart.at(range[0] + b * width, bins[b]);
            Point2D.Double bottomRight = chart.at(range[0] + (b + 1) * width, 0);
            Rectangle2D.Double bar = new Rectangle2D.Double(topLeft.x, topLeft.y,
                    bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
            plot.setColor(fill);
            plot.fill(bar);
            plot.setColor(colour);
            plot.draw(bar);
        }
    }
}
