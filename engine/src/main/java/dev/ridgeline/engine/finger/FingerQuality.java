package dev.ridgeline.engine.finger;

import dev.ridgeline.engine.image.GreyImage;

/**
 * How usable a fingerprint capture is: the measurements and their 0-100 summary, which its
 * template stores. The score is {@code 100 x ramp(ridge clarity, 0.20, 0.45) x ramp(minutia area,
 * 4,000, 24,000 px²)}: clarity marks wet, dry and noisy prints, the area of the minutiae's convex
 * hull marks a tip or an edge of the finger that holds too little to compare. On the FVC dev sets
 * setting aside the captures it scores lowest takes away the comparisons that fail
 * (docs/ACCURACY.md, error-versus-reject).
 *
 * @param score        0-100 summary stored in the template
 * @param ridgeClarity 0-1, the share of the ridge profile one ridge frequency explains, over the print
 * @param minutiaArea  area of the minutiae's convex hull, square pixels at 500 dpi
 * @param minutiae     minutiae found
 */
public record FingerQuality(int score, double ridgeClarity, double minutiaArea, int minutiae) {

    private static final double CLEAR_FROM = 0.20;
    private static final double CLEAR_AT = 0.45;
    private static final double AREA_FROM = 4_000;
    private static final double AREA_AT = 24_000;

    static FingerQuality measure(GreyImage image, int dpi, Minutiae minutiae) {
        double clarity = RidgeClarity.of(image, dpi);
        double area = minutiae.convexHullArea();
        long score = Math.round(100 * ramp(clarity, CLEAR_FROM, CLEAR_AT) * ramp(area, AREA_FROM, AREA_AT));
        return new FingerQuality((int) score, clarity, area, minutiae.count());
    }

    private static double ramp(double value, double from, double at) {
        return Math.clamp((value - from) / (at - from), 0, 1);
    }
}
