package dev.ridgeline.benchmarks.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An 800x600 chart image: white background, title, framed plot area with grid, labelled ticks and
 * axis names. Callers draw their data into {@link #plotGraphics()}, which is clipped to the plot
 * area, using {@link #at(double, double)} to place data values. Plain Java2D on a BufferedImage,
 * which needs no display.
 */
public final class Chart {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color GRID = new Color(0xE0E0E0);
    /** The colour of a chart's main data curve. */
    public static final Color CURVE = new Color(0x1F77B4);
    /** Colours of the curves of a chart of several, in order (the first is {@link #CURVE}). */
    private static final Color[] SERIES = {CURVE, new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22),
        new Color(0x17BECF)};
    public static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D graphics = image.createGraphics();
    private final Rectangle area = new Rectangle(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    private final Axis x;
    private final Axis y;

    public Chart(String title, Axis x, String xName, Axis y, String yName) {
        this.x = x;
        this.y = y;
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, WIDTH, HEIGHT);
        drawTicks();
        graphics.setColor(Color.BLACK);
        graphics.setStroke(new BasicStroke(1));
        graphics.draw(area);
        drawNames(title, xName, yName);
    }

    /** Pixel position of a data point; values outside an axis are clamped onto its ends. */
    public Point2D.Double at(double xValue, double yValue) {
        return new Point2D.Double(area.x + x.position(xValue) * area.width,
                area.y + (1 - y.position(yValue)) * area.height);
    }

    public Rectangle area() {
        return area;
    }

    /** A graphics context clipped to the plot area; the caller disposes it. */
    public Graphics2D plotGraphics() {
        Graphics2D plot = (Graphics2D) graphics.create();
        plot.clip(area);
        return plot;
    }

    /** Draws the data points, in data values, as one line in {@link #CURVE}'s colour, two pixels wide. */
    public void drawCurve(Graphics2D plot, List<Point2D.Double> values) {
        drawCurve(plot, values, CURVE);
    }

    /** Draws the data points, in data values, as one line in the given colour, two pixels wide. */
    public void drawCurve(Graphics2D plot, List<Point2D.Double> values, Color colour) {
        Path2D.Double path = new Path2D.Double();
        for (Point2D.Double value : values) {
            Point2D.Double p = at(value.x, value.y);
            if (path.getCurrentPoint() == null) {
                path.moveTo(p.x, p.y);
            } else {
                path.lineTo(p.x, p.y);
            }
        }
        plot.setColor(colour);
        plot.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        plot.draw(path);
    }

    /** Writes the chart as PNG (making its directory if need be) and releases its graphics. */
    public void writePng(Path file) throws IOException {
        graphics.dispose();
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + file);
            }
        }
    }

    private void drawTicks() {
        graphics.setFont(TEXT);
        FontMetrics metrics = graphics.getFontMetrics();
        for (Axis.Tick tick : x.ticks()) {
            double px = area.x + x.position(tick.value()) * area.width;
            graphics.setColor(GRID);
            graphics.drawLine((int) Math.round(px), area.y, (int) Math.round(px), area.y + area.height);
            graphics.setColor(Color.BLACK);
            graphics.drawLine((int) Math.round(px), area.y + area.height, (int) Math.round(px), area.y + area.height + 5);
            graphics.drawString(tick.label(), (float) (px - metrics.stringWidth(tick.label()) / 2.0),
                    area.y + area.height + 8 + metrics.getAscent());
        }
        for (Axis.Tick tick : y.ticks()) {
            double py = area.y + (1 - y.position(tick.value())) * area.height;
            graphics.setColor(GRID);
            graphics.drawLine(area.x, (int) Math.round(py), area.x + area.width, (int) Math.round(py));
            graphics.setColor(Color.BLACK);
            graphics.drawLine(area.x - 5, (int) Math.round(py), area.x, (int) Math.round(py));
            graphics.drawString(tick.label(), (float) (area.x - 8 - metrics.stringWidth(tick.label())),
                    (float) (py + metrics.getAscent() / 2.0 - 1));
        }
    }

    private void drawNames(String title, String xName, String yName) {
        graphics.setColor(Color.BLACK);
        graphics.setFont(TEXT.deriveFont(Font.BOLD, 16f));
        FontMetrics titleMetrics = graphics.getFontMetrics();
        graphics.drawString(title, Math.max(5, (WIDTH - titleMetrics.stringWidth(title)) / 2), TOP - 18);
        graphics.setFont(TEXT.deriveFont(Font.BOLD));
        FontMetrics metrics = graphics.getFontMetrics();
        graphics.drawString(xName, area.x + (area.width - metrics.stringWidth(xName)) / 2, HEIGHT - 15);
        AffineTransform saved = graphics.getTransform();
        graphics.rotate(-Math.PI / 2);
        // Rotated a quarter turn, drawing at (-v, u) puts text at (u, v) reading bottom to top.
        graphics.drawString(yName, -(area.y + (area.height + metrics.stringWidth(yName)) / 2), 20 + metrics.getAscent());
        graphics.setTransform(saved);
    }

    /** The colours of the first {@code count} curves of a chart of several. */
    public static Color[] seriesColours(int count) {
        if (count > SERIES.length) {
            throw new IllegalArgumentException("at most " + SERIES.length + " curves on one chart, not " + count);
        }
        return Arrays.copyOf(SERIES, count);
    }

    /** Draws a small legend box in the plot area's top right corner: one coloured swatch per entry. */
    public void legend(String[] labels, Color[] colours) {
        graphics.setFont(TEXT);
        FontMetrics metrics = graphics.getFontMetrics();
        int width = 0;
        for (String label : labels) {
            width = Math.max(width, metrics.stringWidth(label));
        }
        int line = metrics.getHeight() + 4;
        int boxWidth = width + 40;
        int boxX = area.x + area.width - boxWidth - 10;
        int boxY = area.y + 10;
        Shape box = new Rectangle(boxX, boxY, boxWidth, line * labels.length + 8);
        graphics.setColor(Color.WHITE);
        graphics.fill(box);
        graphics.setColor(Color.GRAY);
        graphics.draw(box);
        for (int i = 0; i < labels.length; i++) {
            int rowY = boxY + 4 + i * line;
            graphics.setColor(colours[i]);
            graphics.fillRect(boxX + 8, rowY + (line - 10) / 2, 18, 10);
            graphics.setColor(Color.BLACK);
            graphics.drawString(labels[i], boxX + 32, rowY + (line + metrics.getAscent()) / 2 - 2);
        }
    }
}
