package dev.ridgeline.engine.finger.enhance;

import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.opencv.GreyMats;

/**
 * Rescales a print so its ridge period is the natural one at its declared resolution: a scan
 * whose resolution was declared wrong, or one stretched by another system, then reaches the
 * extractor at the scale its ridges and minutiae are tuned for. Both axes alike (uniform), or
 * each on its own when they differ more than anatomy makes them (per axis; on the FVC dev sets
 * the per-axis reading is too noisy to help, docs/ACCURACY.md). Adult ridges run about 8-11 px
 * apart at 500 dpi (0.4-0.55 mm); the middle of that range is the target.
 */
public final class PeriodRescale {

    /** Ridge periods, pixels at 500 dpi. */
    static final double NATURAL_PERIOD = 9.5;
    static final double SHORTEST_NATURAL = 8;
    static final double LONGEST_NATURAL = 11;
    /** Natural prints differ this much between their axes' periods; beyond it the capture was stretched. */
    static final double NATURAL_ASPECT = 1.25;
    /** No more than halving or doubling: beyond that the measurement, not the print, is wrong. */
    private static final double LARGEST_FACTOR = 2;

    /** An image and the ridge spacing it now has. */
    public record Rescaled(GreyImage image, RidgeSpacing.Spacing spacing) {
    }

    private PeriodRescale() {
    }

    /** The natural ridge period at {@code dpi}, pixels. */
    public static double naturalPeriod(int dpi) {
        return NATURAL_PERIOD * dpi / 500.0;
    }

    /** Whether the period lies outside the natural range at {@code dpi}, or the axes differ more than anatomy does. */
    public static boolean isOutlier(RidgeSpacing.Spacing spacing, int dpi) {
        return isOutlier(spacing, dpi, true);
    }

    /** As {@link #isOutlier(RidgeSpacing.Spacing, int)}; the aspect counts only when {@code perAxis}. */
    public static boolean isOutlier(RidgeSpacing.Spacing spacing, int dpi, boolean perAxis) {
        double period = spacing.period() * 500.0 / dpi;
        return spacing.found()
                && (period < SHORTEST_NATURAL || period > LONGEST_NATURAL || perAxis && stretched(spacing));
    }

    private static boolean stretched(RidgeSpacing.Spacing spacing) {
        double aspect = spacing.periodY() / spacing.periodX();
        return aspect > NATURAL_ASPECT || aspect < 1 / NATURAL_ASPECT;
    }

    /**
     * The image scaled to the natural period: each axis on its own when the capture was
     * stretched and {@code perAxis}, both alike otherwise (a print's own small aspect is kept);
     * unchanged when no ridges were measured.
     */
    public static Rescaled toNatural(GreyImage image, RidgeSpacing.Spacing spacing, int dpi, boolean perAxis) {
        if (!spacing.found()) {
            return new Rescaled(image, spacing);
        }
        double natural = naturalPeriod(dpi);
        boolean stretched = perAxis && stretched(spacing);
        double periodX = stretched ? spacing.periodX() : spacing.period();
        double periodY = stretched ? spacing.periodY() : spacing.period();
        int width = Math.max(1, (int) Math.round(image.width() * factor(natural / periodX)));
        int height = Math.max(1, (int) Math.round(image.height() * factor(natural / periodY)));
        return new Rescaled(GreyMats.resize(image, width, height), spacing.scaled(
                (double) width / image.width(), (double) height / image.height()));
    }

    private static double factor(double wanted) {
        return Math.clamp(wanted, 1 / LARGEST_FACTOR, LARGEST_FACTOR);
    }
}
