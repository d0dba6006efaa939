package dev.ridgeline.engine.image;

/** Bounds checked before an image is decoded, so a hostile upload cannot exhaust memory. */
public record ImageLimits(int maxBytes, long maxPixels) {

    /** 16 MB of encoded bytes and 25 megapixels: far above any 1,000 dpi ten-print slap. */
    public static final ImageLimits DEFAULT = new ImageLimits(16 * 1024 * 1024, 25_000_000L);
}
