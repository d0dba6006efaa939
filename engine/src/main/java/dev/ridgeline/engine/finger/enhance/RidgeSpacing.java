package dev.ridgeline.engine.finger.enhance;

import dev.ridgeline.engine.finger.PrintMask;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.opencv.OpenCvNative;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The ridge period of a print, in pixels, measured separately across and along the image's
 * axes. Each overlapping block of the print has one dominant spatial frequency, the peak of its
 * windowed spectrum. Over the whole print those peaks lie on an ellipse {@code (periodX u)² +
 * (periodY v)² = 1}: about a circle when the capture keeps the finger's aspect, an ellipse when a
 * scan was stretched along one axis. A least-squares fit of it gives both periods; a print whose
 * ridges nearly all run one way (an arch) cannot tell the axes apart and gets one period for both.
 * Natural prints are not perfect circles (ridges run wider at the sides of a finger, where they
 * are upright), so a small aspect is anatomy, not a stretch (see {@link PeriodRescale}).
 * Needs OpenCV (its DFT); plain fingerprint templating never calls it.
 */
public final class RidgeSpacing {

    /** Blocks of 64 pixels hold six or more ridges at 500 dpi; they overlap by half. */
    private static final int BLOCK = 64;
    private static final int STEP = BLOCK / 2;
    /** Print mask cells; a block counts when at least 3/4 of its cells are print. */
    private static final int CELL = 16;
    private static final int CELLS_PER_BLOCK = (BLOCK / CELL) * (BLOCK / CELL);
    /** Periods looked for: far wider than the natural 8-11 px at 500 dpi, so mis-scaled prints are found too. */
    private static final double SHORTEST = 4;
    private static final double LONGEST = 25;
    /** Peaks beyond this factor of the median period are not ridges of the print. */
    private static final double OUTLYING = 1.6;
    /** Peaks this far (relative) from the first fit are left out of the second. */
    private static final double RESIDUAL = 0.2;
    /** The axes are told apart only when each holds at least this share of the peaks' weight. */
    private static final double AXIS_SHARE = 0.2;
    /** An ellipse flatter than this is a failed fit, not a stretch. */
    private static final double MAX_ASPECT = 1.8;
    private static final float[] WINDOW = hann(BLOCK);

    /**
     * @param periodX period of ridges whose waves run along x (vertical ridges), pixels
     * @param periodY period of ridges whose waves run along y (horizontal ridges), pixels
     * @param blocks  print blocks measured; 0 when the image holds no measurable ridges (periods NaN)
     */
    public record Spacing(double periodX, double periodY, int blocks) {

        public boolean found() {
            return blocks > 0;
        }

        /** The period for both axes together (their geometric mean). */
        public double period() {
            return Math.sqrt(periodX * periodY);
        }

        /** The period of ridges whose wave (across the ridges) points at {@code angle} radians from the x axis. */
        public double periodAcross(double angle) {
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            return Math.sqrt(periodX * periodX * c * c + periodY * periodY * s * s);
        }

        /** The spacing once the image is scaled by {@code scaleX} and {@code scaleY}. */
        public Spacing scaled(double scaleX, double scaleY) {
            return new Spacing(periodX * scaleX, periodY * scaleY, blocks);
        }
    }

    private RidgeSpacing() {
    }

    public static Spacing measure(GreyImage image) {
        int width = image.width();
        int height = image.height();
        if (width < BLOCK || height < BLOCK) {
            return new Spacing(Double.NaN, Double.NaN, 0);
        }
        float[] grey = image.floats();
        boolean[] print = PrintMask.of(grey, width, height, CELL);
        int cellColumns = width / CELL;
        List<double[]> peaks = new ArrayList<>();
        OpenCvNative.load();
        Mat block = new Mat(BLOCK, BLOCK, CvType.CV_32F);
        Mat spectrum = new Mat();
        try {
            float[] values = new float[BLOCK * BLOCK];
            float[] complex = new float[2 * BLOCK * BLOCK];
            for (int top = 0; top + BLOCK <= height; top += STEP) {
                for (int left = 0; left + BLOCK <= width; left += STEP) {
                    if (printCells(print, cellColumns, left / CELL, top / CELL) * 4 < CELLS_PER_BLOCK * 3) {
                        continue;
                    }
                    windowed(grey, width, left, top, values);
                    block.put(0, 0, values);
                    Core.dft(block, spectrum, Core.DFT_COMPLEX_OUTPUT);
                    spectrum.get(0, 0, complex);
                    double[] peak = peak(complex);
                    if (peak != null) {
                        peaks.add(peak);
                    }
                }
            }
        } finally {
            block.release();
            spectrum.release();
        }
        return fit(peaks);
    }

    private static int printCells(boolean[] print, int cellColumns, int cellLeft, int cellTop) {
        int count = 0;
        for (int y = cellTop; y < cellTop + BLOCK / CELL; y++) {
            for (int x = cellLeft; x < cellLeft + BLOCK / CELL; x++) {
                count += print[y * cellColumns + x] ? 1 : 0;
            }
        }
        return count;
    }

    /** The block less its mean, under a Hann window so its edges add no frequencies of their own. */
    private static void windowed(float[] grey, int width, int left, int top, float[] out) {
        double sum = 0;
        for (int y = 0; y < BLOCK; y++) {
            for (int x = 0; x < BLOCK; x++) {
                sum += grey[(top + y) * width + left + x];
            }
        }
        float mean = (float) (sum / (BLOCK * BLOCK));
        for (int y = 0; y < BLOCK; y++) {
            for (int x = 0; x < BLOCK; x++) {
                out[y * BLOCK + x] = (grey[(top + y) * width + left + x] - mean) * WINDOW[y] * WINDOW[x];
            }
        }
    }

    /**
     * The spectrum's strongest frequency among ridge periods, refined to the power centroid of its
     * 3 x 3 neighbourhood: {u, v} in cycles per pixel and the weight of the block (its peak's share
     * of the band's power: clear ridges count more than noise). Null when the band holds no power.
     */
    private static double[] peak(float[] complex) {
        double total = 0;
        double best = 0;
        int bestU = 0;
        int bestV = 0;
        // Half the plane: a real block's spectrum is symmetric about the origin.
        for (int v = 0; v < BLOCK / 2; v++) {
            for (int u = -BLOCK / 2 + 1; u < BLOCK / 2; u++) {
                if (v == 0 && u <= 0) {
                    continue;
                }
                double radius = Math.hypot(u, v);
                if (radius < BLOCK / LONGEST || radius > BLOCK / SHORTEST) {
                    continue;
                }
                double power = power(complex, u, v);
                total += power;
                if (power > best) {
                    best = power;
                    bestU = u;
                    bestV = v;
                }
            }
        }
        if (best <= 0) {
            return null;
        }
        double weight = 0;
        double u = 0;
        double v = 0;
        for (int dv = -1; dv <= 1; dv++) {
            for (int du = -1; du <= 1; du++) {
                double power = power(complex, bestU + du, bestV + dv);
                weight += power;
                u += power * (bestU + du);
                v += power * (bestV + dv);
            }
        }
        return new double[] {u / weight / BLOCK, v / weight / BLOCK, best / total};
    }

    private static double power(float[] complex, int u, int v) {
        int index = 2 * (Math.floorMod(v, BLOCK) * BLOCK + Math.floorMod(u, BLOCK));
        return complex[index] * (double) complex[index] + complex[index + 1] * (double) complex[index + 1];
    }

    /**
     * Least squares of {@code period² = a cos² + b sin²} over the blocks' peaks (the ellipse, with
     * a = periodX² and b = periodY², read along each peak's direction), weighted by each peak's
     * clarity. Peaks far from the median period (a harmonic, a crease) are left out first, and
     * those far from the first fit before the second.
     */
    private static Spacing fit(List<double[]> peaks) {
        if (peaks.isEmpty()) {
            return new Spacing(Double.NaN, Double.NaN, 0);
        }
        int n = peaks.size();
        double[] period = new double[n];
        double[] cos2 = new double[n];
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            double[] peak = peaks.get(i);
            double frequency2 = peak[0] * peak[0] + peak[1] * peak[1];
            period[i] = 1 / Math.sqrt(frequency2);
            cos2[i] = peak[0] * peak[0] / frequency2;
            weight[i] = peak[2];
        }
        double median = weightedMedian(period, weight);
        boolean[] kept = new boolean[n];
        for (int i = 0; i < n; i++) {
            kept[i] = period[i] > median / OUTLYING && period[i] < median * OUTLYING;
        }
        double[] ab = ellipse(period, cos2, weight, kept);
        for (int i = 0; i < n; i++) {
            double expected = Math.sqrt(ab[0] * cos2[i] + ab[1] * (1 - cos2[i]));
            kept[i] = Math.abs(period[i] / expected - 1) < RESIDUAL;
        }
        double[] refit = ellipse(period, cos2, weight, kept);
        if (!Double.isNaN(refit[0])) {
            ab = refit;
        }
        return new Spacing(Math.sqrt(ab[0]), Math.sqrt(ab[1]), n);
    }

    /** {a, b} of the weighted fit over the kept peaks; a = b (one period) when the axes cannot be told apart. */
    private static double[] ellipse(double[] period, double[] cos2, double[] weight, boolean[] kept) {
        double cccc = 0;
        double ccss = 0;
        double ssss = 0;
        double ccpp = 0;
        double sspp = 0;
        double pp = 0;
        double alongX = 0;
        double weights = 0;
        for (int i = 0; i < period.length; i++) {
            if (!kept[i]) {
                continue;
            }
            double c = cos2[i];
            double s = 1 - c;
            double p2 = period[i] * period[i];
            double w = weight[i];
            cccc += w * c * c;
            ccss += w * c * s;
            ssss += w * s * s;
            ccpp += w * c * p2;
            sspp += w * s * p2;
            pp += w * p2;
            alongX += c > 0.5 ? w : 0;
            weights += w;
        }
        if (weights == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double isotropic = pp / weights;
        double share = alongX / weights;
        double determinant = cccc * ssss - ccss * ccss;
        if (Math.min(share, 1 - share) >= AXIS_SHARE && determinant > 0) {
            double a = (ccpp * ssss - sspp * ccss) / determinant;
            double b = (sspp * cccc - ccpp * ccss) / determinant;
            if (a > 0 && b > 0 && Math.max(a / b, b / a) <= MAX_ASPECT * MAX_ASPECT) {
                return new double[] {a, b};
            }
        }
        return new double[] {isotropic, isotropic};
    }

    private static double weightedMedian(double[] values, double[] weights) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double total = Arrays.stream(weights).sum();
        double running = 0;
        for (int i : order) {
            running += weights[i];
            if (running >= total / 2) {
                return values[i];
            }
        }
        return values[order[order.length - 1]];
    }

    private static float[] hann(int size) {
        float[] window = new float[size];
        for (int i = 0; i < size; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / size));
        }
        return window;
    }
}
