package dev.ridgeline.benchmarks.accuracy;

import dev.ridgeline.benchmarks.chart.Chart;
import dev.ridgeline.benchmarks.chart.LogAxis;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws the DET curve: FNMR against FMR, both on log axes, with the FMR = FNMR diagonal and the
 * EER marked where the curve meets it. Each axis reaches one decade-step below the smallest
 * non-zero rate its set can show, so zero rates sit distinctly on the floor.
 */
public final class DetPlot {

    private static final Color MARK = new Color(0xD62728);

    private DetPlot() {
    }

    static void write(Path file, String title, ErrorRates rates) throws IOException {
        LogAxis fmrAxis = new LogAxis(LogAxis.floorDecade(rates.impostorCount(), -9, -2), 0);
        LogAxis fnmrAxis = new LogAxis(LogAxis.floorDecade(rates.genuineCount(), -9, -2), 0);
        Chart chart = new Chart(title + " - DET curve", fmrAxis, "false match rate (FMR)",
                fnmrAxis, "false non-match rate (FNMR)");
        Graphics2D plot = chart.plotGraphics();
        try {
            drawDiagonal(plot, chart, Math.max(fmrAxis.floor(), fnmrAxis.floor()));
            List<ErrorRates.DetPoint> points = rates.det();
            if (points.isEmpty()) {
                plot.setColor(Color.DARK_GRAY);
                plot.setFont(Chart.TEXT);
                plot.drawString("no DET curve: genuine or impostor scores are missing",
                        chart.area().x + 20, chart.area().y + 30);
            } else {
                drawCurve(plot, chart, points);
                markEer(plot, chart, rates.eer());
            }
        } finally {
            plot.dispose();
        }
        chart.writePng(file);
    }

    /**
     * Several DET curves of the same comparisons on one chart (for example one per matcher), in
     * the order given, with a legend naming each and its EER.
     */
    public static void writeComparison(Path file, String title, List<String> names, List<ErrorRates> rates)
            throws IOException {
        if (names.size() != rates.size()) {
            throw new IllegalArgumentException("one name per curve");
        }
        Color[] colours = Chart.seriesColours(names.size());
        int impostors = rates.stream().mapToInt(ErrorRates::impostorCount).max().orElse(0);
        int genuine = rates.stream().mapToInt(ErrorRates::genuineCount).max().orElse(0);
        LogAxis fmrAxis = new LogAxis(LogAxis.floorDecade(impostors, -9, -2), 0);
        LogAxis fnmrAxis = new LogAxis(LogAxis.floorDecade(genuine, -9, -2), 0);
        Chart chart = new Chart(title + " - DET curves", fmrAxis, "false match rate (FMR)",
                fnmrAxis, "false non-match rate (FNMR)");
        Graphics2D plot = chart.plotGraphics();
        String[] labels = new String[names.size()];
        try {
            drawDiagonal(plot, chart, Math.max(fmrAxis.floor(), fnmrAxis.floor()));
            for (int i = 0; i < names.size(); i++) {
                chart.drawCurve(plot, rates.get(i).det().stream()
                        .map(point -> new Point2D.Double(point.fmr(), point.fnmr())).toList(), colours[i]);
                labels[i] = String.format(Locale.ROOT, "%s (EER %.2f%%)", names.get(i), 100 * rates.get(i).eer());
            }
        } finally {
            plot.dispose();
        }
        chart.legend(labels, colours);
        chart.writePng(file);
    }

    private static void drawDiagonal(Graphics2D plot, Chart chart, double from) {
        plot.setColor(Color.GRAY);
        plot.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        plot.draw(new Line2D.Double(chart.at(from, from), chart.at(1, 1)));
    }

    private static void drawCurve(Graphics2D plot, Chart chart, List<ErrorRates.DetPoint> points) {
        chart.drawCurve(plot, points.stream().map(point -> new Point2D.Double(point.fmr(), point.fnmr())).toList());
    }

    private static void markEer(Graphics2D plot, Chart chart, double eer) {
        if (Double.isNaN(eer)) {
            return;
        }
        Point2D.Double p = chart.at(eer, eer);
        plot.setColor(MARK);
        plot.setStroke(new BasicStroke(2));
        plot.draw(new Ellipse2D.Double(p.x - 6, p.y - 6, 12, 12));
        plot.setFont(Chart.TEXT);
        String label = String.format(Locale.ROOT, "EER %.2f%%", 100 * eer);
        // Right of the mark unless that would leave the plot area.
        int width = plot.getFontMetrics().stringWidth(label);
        double x = p.x + 10 + width < chart.area().getMaxX() ? p.x + 10 : p.x - 10 - width;
        plot.drawString(label, (float) x, (float) (p.y - 8 < chart.area().y + 14 ? p.y + 20 : p.y - 8));
    }
}
