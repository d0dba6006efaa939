package dev.ridgeline.engine.finger;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The convex hull of a finger's minutiae, standing in for the captured area: a cylinder code's
 * cell whose centre lies outside it (by more than a margin) saw no skin, so it is invalid rather
 * than empty; and a capture whose hull is small holds little of the finger (its quality).
 */
public final class ConvexHull {

    /** Hull vertices counter-clockwise in a y-up frame (clockwise as the image shows them), no repeats. */
    private final double[] x;
    private final double[] y;

    private ConvexHull(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** Andrew's monotone chain over the points (any count, duplicates allowed). */
    public static ConvexHull of(int[] px, int[] py) {
        int n = px.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> px[i]).thenComparingInt(i -> py[i]));
        int[] hull = new int[2 * n + 1];
        int k = 0;
        for (int pass = 0; pass < 2; pass++) {
            int floor = k;
            for (int step = 0; step < n; step++) {
                int i = order[pass == 0 ? step : n - 1 - step];
                while (k >= floor + 2 && cross(px, py, hull[k - 2], hull[k - 1], i) <= 0) {
                    k--;
                }
                hull[k++] = i;
            }
            k--; // the last point of each chain starts the other
        }
        int vertices = Math.max(k, Math.min(n, 1));
        double[] x = new double[vertices];
        double[] y = new double[vertices];
        for (int v = 0; v < vertices; v++) {
            x[v] = px[hull[v]];
            y[v] = py[hull[v]];
        }
        return new ConvexHull(x, y);
    }

    private static long cross(int[] px, int[] py, int o, int a, int b) {
        return (long) (px[a] - px[o]) * (py[b] - py[o]) - (long) (py[a] - py[o]) * (px[b] - px[o]);
    }

    /**
     * How far inside the hull the point lies: its distance to the nearest edge's line, negative
     * outside; negative infinity for a hull of fewer than three points (it encloses nothing).
     */
    public double depth(double px, double py) {
        int n = x.length;
        if (n < 3) {
            return Double.NEGATIVE_INFINITY;
        }
        double depth = Double.POSITIVE_INFINITY;
        for (int v = 0; v < n; v++) {
            int w = (v + 1) % n;
            double ex = x[w] - x[v];
            double ey = y[w] - y[v];
            depth = Math.min(depth, (ex * (py - y[v]) - ey * (px - x[v])) / Math.sqrt(ex * ex + ey * ey));
        }
        return depth;
    }

    /** The enclosed area, square pixels; 0 for fewer than three vertices. */
    public double area() {
        int n = x.length;
        if (n < 3) {
            return 0;
        }
        double twiceArea = 0;
        for (int v = 0; v < n; v++) {
            int w = (v + 1) % n;
            twiceArea += x[v] * y[w] - x[w] * y[v];
        }
        return Math.abs(twiceArea) / 2;
    }

    /** Whether the point lies inside the hull or within {@code margin} of it. */
    public boolean reaches(double px, double py, double margin) {
        int n = x.length;
        boolean inside = n >= 3;
        for (int v = 0; v < n && inside; v++) {
            int w = (v + 1) % n;
            inside = (x[w] - x[v]) * (py - y[v]) - (y[w] - y[v]) * (px - x[v]) >= 0;
        }
        if (inside) {
            return true;
        }
        for (int v = 0; v < n; v++) {
            int w = (v + 1) % n;
            double ex = x[w] - x[v];
            double ey = y[w] - y[v];
            double length2 = ex * ex + ey * ey;
            double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x[v]) * ex + (py - y[v]) * ey) / length2));
            double dx = px - x[v] - t * ex;
            double dy = py - y[v] - t * ey;
            if (dx * dx + dy * dy <= margin * margin) {
                return true;
            }
        }
        return false;
    }
}
