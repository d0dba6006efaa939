package dev.ridgeline.engine.finger.enhance;

import dev.ridgeline.engine.finger.Minutiae;
import dev.ridgeline.engine.image.GreyImage;
import java.util.Arrays;

/**
 * Minutiae read from a contextually filtered print ({@link ContextualFilter}) by the classic
 * route: the filtered ridges binarised, thinned to one pixel (Zhang and Suen, CACM 27(3), 1984),
 * ridge endings and bifurcations found by the crossing number, and each one's direction traced
 * along its skeleton. A second extractor, independent of SourceAFIS's, for a second matcher to
 * read: two matchers that share no minutiae err more independently. Only minutiae the print's
 * edge makes are dropped. The usual post-processing (spurs, islands, facing ends of a broken
 * ridge, clusters) was tried and cost Minutia Cylinder-Code accuracy on the FVC dev sets: the
 * filter already joins most broken ridges, and a cylinder is robust to a stray neighbour but not
 * to a missing one (docs/ACCURACY.md). Directions agree with SourceAFIS's on the same prints: an
 * ending points into its ridge, a bifurcation from its stem into the fork. Coordinates are pixels
 * at 500 dpi, as {@link Minutiae} holds them and cylinder codes expect.
 */
public final class SkeletonMinutiae {

    /** The filter's output is centred on mid-grey with ridges dark. */
    private static final int RIDGE_BELOW = 128;
    /** The filter paints everything outside the print pure white. */
    private static final int OUTSIDE = 255;
    /** A minutia needs the print around it this far (pixels at 500 dpi) in every direction. */
    private static final int MARGIN = 12;
    private static final int MARGIN_DIRECTIONS = 16;
    /** Pixels (at 500 dpi) traced along the skeleton to read a direction: about one ridge period. */
    private static final int TRACE = 10;

    private static final int[] RING_DX = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] RING_DY = {0, -1, -1, -1, 0, 1, 1, 1};

    private SkeletonMinutiae() {
    }

    /**
     * The minutiae of a print {@link ContextualFilter} has filtered (ridges dark, outside the print
     * white), captured at {@code dpi}: the edge margin and the traced length follow the resolution.
     */
    public static Minutiae of(GreyImage filtered, int dpi) {
        int margin = Math.round(MARGIN * dpi / 500f);
        int steps = Math.max(3, Math.round(TRACE * dpi / 500f));
        int width = filtered.width();
        int height = filtered.height();
        byte[] pixels = filtered.pixels();
        boolean[] skeleton = new boolean[width * height];
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                skeleton[y * width + x] = (pixels[y * width + x] & 0xff) < RIDGE_BELOW;
            }
        }
        thin(skeleton, width, height);
        int[] x = new int[64];
        int[] y = new int[64];
        double[] direction = new double[64];
        int found = 0;
        for (int py = 1; py < height - 1; py++) {
            for (int px = 1; px < width - 1; px++) {
                if (!skeleton[py * width + px]) {
                    continue;
                }
                int crossings = crossings(skeleton, width, px, py);
                if ((crossings != 1 && crossings != 3) || !inside(pixels, width, height, px, py, margin)) {
                    continue;
                }
                double angle = crossings == 1 ? endingDirection(skeleton, width, px, py, steps)
                        : bifurcationDirection(skeleton, width, px, py, steps);
                if (Double.isNaN(angle)) {
                    continue;
                }
                if (found == x.length) {
                    x = Arrays.copyOf(x, 2 * found);
                    y = Arrays.copyOf(y, 2 * found);
                    direction = Arrays.copyOf(direction, 2 * found);
                }
                x[found] = (int) Math.round(px * 500.0 / dpi);
                y[found] = (int) Math.round(py * 500.0 / dpi);
                direction[found] = angle;
                found++;
            }
        }
        return new Minutiae(Arrays.copyOf(x, found), Arrays.copyOf(y, found), Arrays.copyOf(direction, found));
    }

    /** The unsigned angle between two directions, 0 to pi. */
    private static double angle(double a, double b) {
        double difference = Math.abs(a - b) % (2 * Math.PI);
        return difference > Math.PI ? 2 * Math.PI - difference : difference;
    }

    /** An ending points into its ridge: towards the point {@code steps} pixels along it. */
    private static double endingDirection(boolean[] skeleton, int width, int px, int py, int steps) {
        int[] path = trace(skeleton, width, px, py, -1, new int[0], steps);
        int end = path[path.length - 1];
        return Math.atan2(end / width - py, end % width - px);
    }

    /**
     * A bifurcation points from its stem (the branch farthest in angle from the other two) into
     * the fork; NaN when the crossing number's three branches cannot be told apart.
     */
    private static double bifurcationDirection(boolean[] skeleton, int width, int px, int py, int steps) {
        int[] starts = new int[3];
        int branches = 0;
        for (int k = 0; k < 8 && branches < 3; k++) {
            int here = (py + RING_DY[k]) * width + px + RING_DX[k];
            int next = (py + RING_DY[(k + 1) % 8]) * width + px + RING_DX[(k + 1) % 8];
            // One start per run of skeleton pixels around the ring: where a run ends.
            if (skeleton[here] && !skeleton[next]) {
                starts[branches++] = here;
            }
        }
        if (branches < 3) {
            return Double.NaN;
        }
        double[] angles = new double[3];
        for (int b = 0; b < 3; b++) {
            int[] path = trace(skeleton, width, starts[b] % width, starts[b] / width, py * width + px, starts, steps);
            int end = path[path.length - 1];
            angles[b] = Math.atan2(end / width - py, end % width - px);
        }
        int stem = 0;
        double closest = Double.MAX_VALUE;
        for (int b = 0; b < 3; b++) {
            double fork = angle(angles[(b + 1) % 3], angles[(b + 2) % 3]);
            if (fork < closest) {
                closest = fork;
                stem = b;
            }
        }
        return angles[stem] + Math.PI;
    }

    /**
     * Up to {@code steps} steps along the skeleton from (px, py), never back to {@code from} nor
     * onto {@code avoid}; stops early at an end or a junction. The skeleton never touches the
     * image's outermost pixels, so every neighbour read is inside the image.
     */
    private static int[] trace(boolean[] skeleton, int width, int px, int py, int from, int[] avoid, int steps) {
        int[] path = new int[steps + 1];
        int length = 0;
        int previous = from;
        int current = py * width + px;
        path[length++] = current;
        while (length <= steps) {
            int next = -1;
            int neighbours = 0;
            int cx = current % width;
            int cy = current / width;
            for (int k = 0; k < 8; k++) {
                int candidate = (cy + RING_DY[k]) * width + cx + RING_DX[k];
                if (!skeleton[candidate] || candidate == previous || contains(path, length, candidate)
                        || contains(avoid, avoid.length, candidate)) {
                    continue;
                }
                neighbours++;
                // Prefer the four-connected step: a diagonal one beside it is the same ridge.
                if (next < 0 || k % 2 == 0) {
                    next = candidate;
                }
            }
            if (neighbours == 0 || neighbours > 2) {
                break;
            }
            previous = current;
            current = next;
            path[length++] = current;
        }
        return Arrays.copyOf(path, length);
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** Half the number of changes between skeleton and background around the pixel's eight neighbours. */
    private static int crossings(boolean[] skeleton, int width, int px, int py) {
        int changes = 0;
        for (int k = 0; k < 8; k++) {
            boolean here = skeleton[(py + RING_DY[k]) * width + px + RING_DX[k]];
            boolean next = skeleton[(py + RING_DY[(k + 1) % 8]) * width + px + RING_DX[(k + 1) % 8]];
            changes += here != next ? 1 : 0;
        }
        return changes / 2;
    }

    /** Whether the print reaches {@code margin} pixels from the point every way: no ending made by the print's edge. */
    private static boolean inside(byte[] pixels, int width, int height, int px, int py, int margin) {
        for (int k = 0; k < MARGIN_DIRECTIONS; k++) {
            double angle = 2 * Math.PI * k / MARGIN_DIRECTIONS;
            for (int r = 2; r <= margin; r += 2) {
                int x = px + (int) Math.round(r * Math.cos(angle));
                int y = py + (int) Math.round(r * Math.sin(angle));
                if (x < 0 || y < 0 || x >= width || y >= height || (pixels[y * width + x] & 0xff) == OUTSIDE) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Zhang-Suen thinning in place: ridges of any width to 8-connected lines one pixel wide. */
    static void thin(boolean[] image, int width, int height) {
        int[] remove = new int[image.length];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                int count = 0;
                for (int y = 1; y < height - 1; y++) {
                    for (int x = 1; x < width - 1; x++) {
                        int at = y * width + x;
                        if (image[at] && removable(image, width, at, pass)) {
                            remove[count++] = at;
                        }
                    }
                }
                for (int i = 0; i < count; i++) {
                    image[remove[i]] = false;
                }
                changed |= count > 0;
            }
        }
    }

    private static boolean removable(boolean[] image, int width, int at, int pass) {
        // Neighbours P2..P9 clockwise from north.
        boolean p2 = image[at - width];
        boolean p3 = image[at - width + 1];
        boolean p4 = image[at + 1];
        boolean p5 = image[at + width + 1];
        boolean p6 = image[at + width];
        boolean p7 = image[at + width - 1];
        boolean p8 = image[at - 1];
        boolean p9 = image[at - width - 1];
        int neighbours = (p2 ? 1 : 0) + (p3 ? 1 : 0) + (p4 ? 1 : 0) + (p5 ? 1 : 0) + (p6 ? 1 : 0) + (p7 ? 1 : 0)
                + (p8 ? 1 : 0) + (p9 ? 1 : 0);
        if (neighbours < 2 || neighbours > 6) {
            return false;
        }
        int transitions = (!p2 && p3 ? 1 : 0) + (!p3 && p4 ? 1 : 0) + (!p4 && p5 ? 1 : 0) + (!p5 && p6 ? 1 : 0)
                + (!p6 && p7 ? 1 : 0) + (!p7 && p8 ? 1 : 0) + (!p8 && p9 ? 1 : 0) + (!p9 && p2 ? 1 : 0);
        if (transitions != 1) {
            return false;
        }
        return pass == 0 ? !(p2 && p4 && p6) && !(p4 && p6 && p8) : !(p2 && p4 && p8) && !(p2 && p6 && p8);
    }
}
