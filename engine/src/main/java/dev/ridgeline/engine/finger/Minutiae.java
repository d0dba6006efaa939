package dev.ridgeline.engine.finger;

import java.util.Arrays;

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
        int n = count();
        if (n < 3) {
            return 0;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> x[p] != x[q] ? Integer.compare(x[p], x[q]) : Integer.compare(y[p], y[q]));
        // Andrew's monotone chain: the lower hull left to right, then the upper hull back.
        int[] hull = new int[2 * n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            while (size >= 2 && turn(hull[size - 2], hull[size - 1], order[i]) <= 0) {
                size--;
            }
            hull[size++] = order[i];
        }
        for (int i = n - 2, lower = size + 1; i >= 0; i--) {
            while (size >= lower && turn(hull[size - 2], hull[size - 1], order[i]) <= 0) {
                size--;
            }
            hull[size++] = order[i];
        }
        double twiceArea = 0;
        for (int i = 0; i < size - 1; i++) {
            twiceArea += (double) x[hull[i]] * y[hull[i + 1]] - (double) x[hull[i + 1]] * y[hull[i]];
        }
        return Math.abs(twiceArea) / 2;
    }

    private long turn(int origin, int a, int b) {
        return (long) (x[a] - x[origin]) * (y[b] - y[origin]) - (long) (y[a] - y[origin]) * (x[b] - x[origin]);
    }

    double distance(int i, int j) {
        return Math.hypot(x[j] - x[i], y[j] - y[i]);
    }
}
