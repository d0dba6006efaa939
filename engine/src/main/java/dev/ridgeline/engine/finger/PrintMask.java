package dev.ridgeline.engine.finger;

import java.util.Arrays;

/**
 * Which blocks of a fingerprint image hold the print rather than the sensor's background: those
 * with ridge texture (grey deviation at least 30% of the image's 90th-percentile block), and
 * those clearly darker than the background, so a wet print's merged, textureless ridges count as
 * print (badly captured print) and not as background.
 */
public final class PrintMask {

    private static final double TEXTURE_SHARE = 0.3;
    private static final double DARKNESS_SHARE = 0.35;

    private PrintMask() {
    }

    /** One flag per block of {@code block} pixels, row-major over {@code width / block} columns. */
    public static boolean[] of(float[] grey, int width, int height, int block) {
        int columns = width / block;
        int rows = height / block;
        int blocks = columns * rows;
        double[] mean = new double[blocks];
        double[] deviation = new double[blocks];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                double sum = 0;
                double squares = 0;
                for (int y = row * block; y < (row + 1) * block; y++) {
                    for (int x = column * block; x < (column + 1) * block; x++) {
                        double value = grey[y * width + x];
                        sum += value;
                        squares += value * value;
                    }
                }
                int b = row * columns + column;
                int pixels = block * block;
                mean[b] = sum / pixels;
                deviation[b] = Math.sqrt(Math.max(0, squares / pixels - mean[b] * mean[b]));
            }
        }
        double background = percentile(mean, 0.95);
        double darkest = percentile(mean, 0.05);
        double texture = TEXTURE_SHARE * percentile(deviation, 0.9);
        boolean[] print = new boolean[blocks];
        for (int b = 0; b < blocks; b++) {
            print[b] = deviation[b] > texture || mean[b] < background - DARKNESS_SHARE * (background - darkest);
        }
        return print;
    }

    private static double percentile(double[] values, double share) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) (share * (sorted.length - 1))];
    }
}
