package dev.ridgeline.engine.finger.enhance;

import dev.ridgeline.engine.finger.PrintMask;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.opencv.OpenCvNative;
import java.util.Arrays;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Contextual filtering of a fingerprint: each pixel is filtered with an even Gabor filter tuned to
 * its local ridge orientation and to the print's ridge period, so broken ridges join, pores and
 * sensor noise fade and valleys open between merged ridges. Steps: local normalisation (unit
 * contrast everywhere), the orientation field from the smoothed gradient structure tensor, a bank
 * of oriented Gabor filters applied in the frequency domain (one forward transform, one inverse
 * per orientation), and for each pixel the two responses nearest its orientation, blended.
 * Only the print is kept: outside the print mask the output is white, so the extractor sees no
 * ridges made up from background noise.
 */
public final class ContextualFilter {

    private static final int ORIENTATIONS = 12;
    /** Gabor envelope across and along the ridges, in ridge periods (about one octave of bandwidth). */
    private static final double ACROSS = 0.5;
    private static final double ALONG = 0.75;
    /** Filter values below e^-4.5 (three standard deviations) are left out of the spectrum. */
    private static final double REACH = 3;
    /** Windows of the local normalisation and the orientation smoothing, in ridge periods. */
    private static final double NORMALISATION_WINDOW = 2;
    private static final double ORIENTATION_WINDOW = 2;
    /** A floor on the local contrast (grey levels squared) so a flat patch is not blown up to noise. */
    private static final double CONTRAST_FLOOR = 16;
    private static final int CELL = 16;
    /** Output contrast: one standard deviation of the response, in grey levels around mid-grey. */
    private static final double OUTPUT_DEVIATION = 50;

    private ContextualFilter() {
    }

    /** The filtered image, same size; {@code spacing} tunes the filters (a natural period when not found). */
    public static GreyImage filter(GreyImage image, RidgeSpacing.Spacing spacing, double fallbackPeriod) {
        RidgeSpacing.Spacing tuned = spacing.found() ? spacing
                : new RidgeSpacing.Spacing(fallbackPeriod, fallbackPeriod, 0);
        int width = image.width();
        int height = image.height();
        float[] grey = image.floats();
        boolean[] print = pixelMask(PrintMask.of(grey, width, height, CELL), width, height);
        OpenCvNative.load();
        Mat source = new Mat(height, width, CvType.CV_32F);
        Mat normalised;
        try {
            source.put(0, 0, grey);
            normalised = normalise(source, tuned.period());
        } finally {
            source.release();
        }
        float[] response;
        try {
            float[] orientation = orientation(normalised, tuned.period());
            float[] values = new float[width * height];
            normalised.get(0, 0, values);
            for (int i = 0; i < values.length; i++) {
                values[i] = print[i] ? values[i] : 0;
            }
            response = filtered(values, width, height, orientation, tuned);
        } finally {
            normalised.release();
        }
        return toGrey(response, print, width, height);
    }

    /** Each pixel's flag from its mask cell (pixels past the last whole cell take the last cell's). */
    private static boolean[] pixelMask(boolean[] cells, int width, int height) {
        int columns = Math.max(1, width / CELL);
        int rows = Math.max(1, height / CELL);
        boolean[] print = new boolean[width * height];
        if (cells.length == 0) {
            return print;
        }
        for (int y = 0; y < height; y++) {
            int row = Math.min(y / CELL, rows - 1);
            for (int x = 0; x < width; x++) {
                print[y * width + x] = cells[row * columns + Math.min(x / CELL, columns - 1)];
            }
        }
        return print;
    }

    /** (grey - local mean) / local deviation, over windows of a few ridges. */
    private static Mat normalise(Mat source, double period) {
        Size window = window(NORMALISATION_WINDOW * period);
        Mat mean = new Mat();
        Mat centred = new Mat();
        Mat variance = new Mat();
        Mat normalised = new Mat();
        try {
            Imgproc.blur(source, mean, window);
            Core.subtract(source, mean, centred);
            Core.multiply(centred, centred, variance);
            Imgproc.blur(variance, variance, window);
            Core.add(variance, Scalar.all(CONTRAST_FLOOR), variance);
            Core.sqrt(variance, variance);
            Core.divide(centred, variance, normalised);
            return normalised;
        } finally {
            mean.release();
            centred.release();
            variance.release();
        }
    }

    /** Each pixel's wave direction (across the ridges), radians in [0, pi), from the smoothed structure tensor. */
    private static float[] orientation(Mat image, double period) {
        Size window = window(ORIENTATION_WINDOW * period);
        Mat gx = new Mat();
        Mat gy = new Mat();
        Mat xx = new Mat();
        Mat yy = new Mat();
        Mat xy = new Mat();
        Mat doubled = new Mat();
        try {
            Imgproc.Sobel(image, gx, CvType.CV_32F, 1, 0);
            Imgproc.Sobel(image, gy, CvType.CV_32F, 0, 1);
            Core.multiply(gx, gx, xx);
            Core.multiply(gy, gy, yy);
            Core.multiply(gx, gy, xy, 2);
            Imgproc.blur(xx, xx, window);
            Imgproc.blur(yy, yy, window);
            Imgproc.blur(xy, xy, window);
            // The doubled angle of the dominant gradient: atan2(2 Sxy, Sxx - Syy), in [0, 2 pi).
            Core.subtract(xx, yy, xx);
            Core.phase(xx, xy, doubled);
            float[] angle = new float[image.rows() * image.cols()];
            doubled.get(0, 0, angle);
            for (int i = 0; i < angle.length; i++) {
                angle[i] *= 0.5f;
            }
            return angle;
        } finally {
            gx.release();
            gy.release();
            xx.release();
            yy.release();
            xy.release();
            doubled.release();
        }
    }

    private static Size window(double size) {
        int side = 2 * (int) Math.round(size / 2) + 1;
        return new Size(side, side);
    }

    /**
     * The bank's responses, each pixel taking the blend of the two filters nearest its
     * orientation. Pixels are sorted by the filter just below their orientation, so each inverse
     * transform is read only where it counts.
     */
    private static float[] filtered(float[] values, int width, int height, float[] orientation,
                                    RidgeSpacing.Spacing spacing) {
        double step = Math.PI / ORIENTATIONS;
        int[][] below = new int[ORIENTATIONS][];
        float[] share = new float[values.length];
        int[] counts = new int[ORIENTATIONS];
        int[] bin = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double position = orientation[i] / step;
            bin[i] = (int) position % ORIENTATIONS;
            share[i] = (float) (position - Math.floor(position));
            counts[bin[i]]++;
        }
        for (int k = 0; k < ORIENTATIONS; k++) {
            below[k] = new int[counts[k]];
            counts[k] = 0;
        }
        for (int i = 0; i < values.length; i++) {
            below[bin[i]][counts[bin[i]]++] = i;
        }
        int paddedWidth = Core.getOptimalDFTSize(width);
        int paddedHeight = Core.getOptimalDFTSize(height);
        Mat image = new Mat(height, width, CvType.CV_32F);
        Mat padded = new Mat();
        Mat spectrum = new Mat();
        Mat product = new Mat(paddedHeight, paddedWidth, CvType.CV_32FC2);
        Mat inverse = new Mat();
        try {
            image.put(0, 0, values);
            Core.copyMakeBorder(image, padded, 0, paddedHeight - height, 0, paddedWidth - width,
                    Core.BORDER_CONSTANT, Scalar.all(0));
            Core.dft(padded, spectrum, Core.DFT_COMPLEX_OUTPUT);
            float[] forward = new float[2 * paddedWidth * paddedHeight];
            spectrum.get(0, 0, forward);
            float[] filtered = new float[forward.length];
            float[] real = new float[paddedWidth * paddedHeight];
            float[] blended = new float[width * height];
            for (int k = 0; k < ORIENTATIONS; k++) {
                Arrays.fill(filtered, 0);
                applyGabor(forward, filtered, paddedWidth, paddedHeight, k * step, spacing.periodAcross(k * step));
                product.put(0, 0, filtered);
                Core.idft(product, inverse, Core.DFT_REAL_OUTPUT | Core.DFT_SCALE);
                inverse.get(0, 0, real);
                for (int i : below[k]) {
                    blended[i] += (1 - share[i]) * real[i / width * paddedWidth + i % width];
                }
                for (int i : below[(k + ORIENTATIONS - 1) % ORIENTATIONS]) {
                    blended[i] += share[i] * real[i / width * paddedWidth + i % width];
                }
            }
            return blended;
        } finally {
            image.release();
            padded.release();
            spectrum.release();
            product.release();
            inverse.release();
        }
    }

    /**
     * Multiplies the spectrum by an even Gabor filter's transfer function: two Gaussians at plus
     * and minus the ridge frequency along {@code angle}, narrow along the ridges, wider across
     * them. Only the bins within reach of either Gaussian are touched.
     */
    private static void applyGabor(float[] spectrum, float[] out, int width, int height, double angle, double period) {
        double frequency = 1 / period;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double acrossSigma = 1 / (2 * Math.PI * ACROSS * period);
        double alongSigma = 1 / (2 * Math.PI * ALONG * period);
        double extent = REACH * Math.max(acrossSigma, alongSigma);
        int reachU = (int) Math.ceil((frequency * Math.abs(cos) + extent) * width);
        int reachV = (int) Math.ceil((frequency * Math.abs(sin) + extent) * height);
        reachU = Math.min(reachU, width / 2 - 1);
        reachV = Math.min(reachV, height / 2 - 1);
        for (int kv = -reachV; kv <= reachV; kv++) {
            double v = (double) kv / height;
            int row = Math.floorMod(kv, height) * width;
            for (int ku = -reachU; ku <= reachU; ku++) {
                double u = (double) ku / width;
                double across = u * cos + v * sin;
                double along = -u * sin + v * cos;
                double alongTerm = along * along / (2 * alongSigma * alongSigma);
                double plus = (across - frequency) / acrossSigma;
                double minus = (across + frequency) / acrossSigma;
                double gain = gaussian(0.5 * plus * plus + alongTerm) + gaussian(0.5 * minus * minus + alongTerm);
                if (gain == 0) {
                    continue;
                }
                int index = 2 * (row + Math.floorMod(ku, width));
                out[index] = (float) (spectrum[index] * gain);
                out[index + 1] = (float) (spectrum[index + 1] * gain);
            }
        }
    }

    /** e^-exponent, or 0 past the filter's reach. */
    private static double gaussian(double exponent) {
        return exponent > 0.5 * REACH * REACH ? 0 : Math.exp(-exponent);
    }

    /** Responses to grey levels (ridges dark, as captured), white outside the print. */
    private static GreyImage toGrey(float[] response, boolean[] print, int width, int height) {
        double squares = 0;
        int count = 0;
        for (int i = 0; i < response.length; i++) {
            if (print[i]) {
                squares += response[i] * (double) response[i];
                count++;
            }
        }
        double deviation = count == 0 ? 1 : Math.max(1e-9, Math.sqrt(squares / count));
        byte[] pixels = new byte[width * height];
        for (int i = 0; i < pixels.length; i++) {
            long value = print[i] ? Math.round(128 + OUTPUT_DEVIATION * response[i] / deviation) : 255;
            pixels[i] = (byte) Math.clamp(value, 0, 255);
        }
        return new GreyImage(width, height, pixels);
    }
}
