package dev.ridgeline.engine.finger;

/**
 * A finger's minutiae as parallel arrays: position in pixels at 500 dpi with y running down the
 * image, direction in radians in the same frame (the angle {@code atan2(dy, dx)} would give).
 */
public record Minutiae(int[] x, int[] y, double[] direction) {

    public int count() {
        return x.length;
    }

    /** Area of the convex hull around the minutiae, square pixels; 0 below three. */
    public double convexHullArea() {
        return ConvexHull.of(x, y).area();
    }

    double distance(int i, int j) {
        return Math.hypot(x[j] - x[i], y[j] - y[i]);
    }
}
