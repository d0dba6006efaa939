package dev.ridgeline.benchmarks.accuracy;

import dev.ridgeline.benchmarks.chart.Chart;
import dev.ridgeline.benchmarks.chart.LinearAxis;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws error-versus-reject curves (FNMR against the share of genuine comparisons set aside,
 * lowest quality first), one per quality measure, on linear axes in percent. A measure that
 * knows which comparisons fail falls steeply; one that knows nothing stays level.
 */
public final class ErrorVersusRejectPlot {

    private ErrorVersusRejectPlot() {
    }

    /**
     * @param curves one curve per name, each over the same shares
     * @param threshold what the FNMR is measured at, for the axis name ("the threshold for FMR 0.1%")
     */
    public static void write(Path file, String title, List<String> names, List<List<ErrorVersusReject.Point>> curves,
                             String threshold) throws IOException {
        if (names.size() != curves.size() || curves.isEmpty()) {
            throw new IllegalArgumentException("one name per curve, and at least one curve");
        }
        double maxShare = curves.stream().flatMap(List::stream).mapToDouble(ErrorVersusReject.Point::rejected)
                .max().orElseThrow();
        double maxFnmr = curves.stream().flatMap(List::stream).mapToDouble(ErrorVersusReject.Point::fnmr)
                .max().orElseThrow();
        Chart chart = new Chart(title + " - error versus reject",
                new LinearAxis(0, 100 * Math.max(maxShare, 0.01)), "genuine comparisons set aside, lowest quality first (%)",
                new LinearAxis(0, 100 * Math.max(maxFnmr, 0.01) * 1.1),
                "FNMR at " + threshold + " (%)");
        Color[] colours = Chart.seriesColours(names.size());
        Graphics2D plot = chart.plotGraphics();
        try {
            for (int i = 0; i < curves.size(); i++) {
                chart.drawCurve(plot, curves.get(i).stream()
                        .map(point -> new Point2D.Double(100 * point.rejected(), 100 * point.fnmr())).toList(), colours[i]);
            }
        } finally {
            plot.dispose();
        }
        chart.legend(names.toArray(String[]::new), colours);
        chart.writePng(file);
    }
}
