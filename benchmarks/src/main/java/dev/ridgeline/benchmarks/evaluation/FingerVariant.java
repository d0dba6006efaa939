package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.opencv.GreyMats;
import java.util.Locale;

/**
 * What evaluate does to each fingerprint image before templating it, so the dev sets also measure
 * captures at the wrong scale: stretched to a fixed size with the aspect ignored (the way one
 * vendor SDK takes them), or scaled by a factor while the declared resolution stays the same.
 */
final class FingerVariant {

    static final FingerVariant NATIVE = new FingerVariant(0, 0, 1);

    private final int stretchWidth;
    private final int stretchHeight;
    private final double rescale;

    private FingerVariant(int stretchWidth, int stretchHeight, double rescale) {
        this.stretchWidth = stretchWidth;
        this.stretchHeight = stretchHeight;
        this.rescale = rescale;
    }

    /**
     * @param stretch {@code WxH} or null
     * @param rescale a factor, or null
     * @throws IllegalArgumentException naming what is wrong with the options
     */
    static FingerVariant of(String stretch, Double rescale) {
        if (stretch != null && rescale != null) {
            throw new IllegalArgumentException("--stretch and --rescale are alternatives: give one");
        }
        if (rescale != null) {
            if (!(rescale >= 0.25 && rescale <= 4)) {
                throw new IllegalArgumentException("--rescale must be between 0.25 and 4, got " + rescale);
            }
            return new FingerVariant(0, 0, rescale);
        }
        if (stretch == null) {
            return NATIVE;
        }
        String[] size = stretch.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (size.length == 2) {
                int width = Integer.parseInt(size[0]);
                int height = Integer.parseInt(size[1]);
                if (width >= 64 && height >= 64 && width <= 4096 && height <= 4096) {
                    return new FingerVariant(width, height, 1);
                }
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected form.
        }
        throw new IllegalArgumentException("--stretch takes WIDTHxHEIGHT in pixels (64-4096 each), e.g. 300x400; got "
                + stretch);
    }

    boolean changesImages() {
        return stretchWidth > 0 || rescale != 1;
    }

    GreyImage apply(GreyImage image) {
        if (stretchWidth > 0) {
            return GreyMats.resize(image, stretchWidth, stretchHeight);
        }
        if (rescale != 1) {
            return GreyMats.resize(image, (int) Math.round(image.width() * rescale),
                    (int) Math.round(image.height() * rescale));
        }
        return image;
    }

    /** A suffix for a chart's title: empty for native captures. */
    String label() {
        if (stretchWidth > 0) {
            return ", stretched to " + stretchWidth + "x" + stretchHeight;
        }
        return rescale != 1 ? String.format(Locale.ROOT, ", scaled by %.3g", rescale) : "";
    }

    void describe(Figures figures) {
        if (stretchWidth > 0) {
            figures.row("capture variant", "stretched to " + stretchWidth + "x" + stretchHeight
                    + " px, aspect ignored, declared dpi kept");
        } else if (rescale != 1) {
            figures.row("capture variant", String.format(Locale.ROOT, "scaled by %.3g on both axes, declared dpi kept",
                    rescale));
        }
    }

    /** RESULT keys naming the variant, to follow the standard ones. */
    void results(Figures figures) {
        if (stretchWidth > 0) {
            figures.result("stretch", stretchWidth + "x" + stretchHeight);
        } else if (rescale != 1) {
            figures.result("rescale", String.format(Locale.ROOT, "%.3g", rescale));
        }
    }
}
