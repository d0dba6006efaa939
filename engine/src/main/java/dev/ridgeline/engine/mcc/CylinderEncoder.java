package dev.ridgeline.engine.mcc;

import dev.ridgeline.engine.finger.Minutiae;
import java.util.Arrays;

/**
 * Builds a finger's {@link CylinderCode} from its minutiae. Each minutia gets a cylinder of
 * radius {@value #RADIUS} px, turned to its direction: {@value #NS} x {@value #NS} spatial cells
 * by {@value #ND} direction sections. A cell's value sums, over the neighbours near its centre, a
 * Gaussian of their distance to it ({@link #SIGMA_S}) times the share of a Gaussian of their
 * direction relative to the centre minutia ({@link #SIGMA_D}) that falls in its section; the bit
 * is set when that sum reaches {@link #MU_PSI}.
 *
 * <p>Parameter values are the paper's (Cappelli, Ferrara, Maltoni, IEEE TPAMI 2010, table of
 * parameters for the 500 dpi FVC experiments): R = 70, Ns = 16, Nd = 6, σS = 28/3, σD = 2π/9,
 * μΨ = 0.01, Ω = 50, minVC = 0.75, minM = 2. They agree with independent implementations (for
 * example the constants of Nbeleski/minutiae-cylinder-code and of dperaltac's mpi-afis).
 * minVC is read here as a share of the cells inside the cylinder's disk.
 */
public final class CylinderEncoder {

    static final double RADIUS = 70;
    static final int NS = 16;
    static final int ND = 6;
    static final int CELLS = NS * NS * ND;
    static final double SIGMA_S = 28.0 / 3;
    static final double SIGMA_D = 2 * Math.PI / 9;
    static final double MU_PSI = 0.01;
    /** The hull of the minutiae is widened by this much (px) to stand for the captured area. */
    static final double OMEGA = 50;
    static final double MIN_VALID_CELLS = 0.75;
    static final int MIN_CONTRIBUTING_MINUTIAE = 2;

    private static final double CELL_SIZE = 2 * RADIUS / NS;
    private static final double SECTION = 2 * Math.PI / ND;
    /** Neighbours farther than 3σS from a cell's centre add nothing measurable to it. */
    private static final double REACH = 3 * SIGMA_S;
    private static final double GAUSSIAN_SCALE = 1 / (SIGMA_S * Math.sqrt(2 * Math.PI));
    /** Offsets of the cells inside the disk from the cylinder's centre, before turning, and their plane bits. */
    private static final double[] CELL_DX;
    private static final double[] CELL_DY;
    private static final int[] CELL_BIT;
    static {
        int inside = 0;
        double[] dx = new double[NS * NS];
        double[] dy = new double[NS * NS];
        int[] bit = new int[NS * NS];
        for (int j = 0; j < NS; j++) {
            for (int i = 0; i < NS; i++) {
                double ox = (i - (NS - 1) / 2.0) * CELL_SIZE;
                double oy = (j - (NS - 1) / 2.0) * CELL_SIZE;
                if (Math.hypot(ox, oy) <= RADIUS) {
                    dx[inside] = ox;
                    dy[inside] = oy;
                    bit[inside++] = j * NS + i;
                }
            }
        }
        CELL_DX = Arrays.copyOf(dx, inside);
        CELL_DY = Arrays.copyOf(dy, inside);
        CELL_BIT = Arrays.copyOf(bit, inside);
    }

    /** Spatial cells inside a cylinder's disk (the most that can be valid). */
    static int diskCells() {
        return CELL_BIT.length;
    }

    private CylinderEncoder() {
    }

    public static CylinderCode encode(Minutiae minutiae) {
        int n = minutiae.count();
        ConvexHull hull = ConvexHull.of(minutiae.x(), minutiae.y());
        float[] x = new float[n];
        float[] y = new float[n];
        float[] direction = new float[n];
        long[] cells = new long[n * CylinderCode.WORDS];
        long[] valid = new long[n * CylinderCode.PLANE_WORDS];
        int[] neighbours = new int[n];
        double[] sections = new double[n * ND];
        double[] sums = new double[ND];
        int kept = 0;
        for (int m = 0; m < n; m++) {
            double mx = minutiae.x()[m];
            double my = minutiae.y()[m];
            double theta = minutiae.direction()[m];
            int contributing = 0;
            for (int t = 0; t < n; t++) {
                double tx = minutiae.x()[t] - mx;
                double ty = minutiae.y()[t] - my;
                if (t != m && tx * tx + ty * ty <= (RADIUS + REACH) * (RADIUS + REACH)) {
                    double relative = angleDifference(theta, minutiae.direction()[t]);
                    for (int k = 0; k < ND; k++) {
                        sections[contributing * ND + k] = directionalShare(
                                angleDifference(-Math.PI + (k + 0.5) * SECTION, relative));
                    }
                    neighbours[contributing++] = t;
                }
            }
            if (contributing < MIN_CONTRIBUTING_MINUTIAE) {
                continue;
            }
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            int validCells = 0;
            int planeBase = kept * CylinderCode.PLANE_WORDS;
            int cellBase = kept * CylinderCode.WORDS;
            for (int c = 0; c < CELL_BIT.length; c++) {
                double px = mx + CELL_DX[c] * cos - CELL_DY[c] * sin;
                double py = my + CELL_DX[c] * sin + CELL_DY[c] * cos;
                if (!hull.reaches(px, py, OMEGA)) {
                    continue;
                }
                validCells++;
                int bit = CELL_BIT[c];
                valid[planeBase + (bit >>> 6)] |= 1L << bit;
                Arrays.fill(sums, 0);
                for (int q = 0; q < contributing; q++) {
                    int t = neighbours[q];
                    double ex = minutiae.x()[t] - px;
                    double ey = minutiae.y()[t] - py;
                    double d2 = ex * ex + ey * ey;
                    if (d2 <= REACH * REACH) {
                        double spatial = GAUSSIAN_SCALE * Math.exp(-d2 / (2 * SIGMA_S * SIGMA_S));
                        for (int k = 0; k < ND; k++) {
                            sums[k] += spatial * sections[q * ND + k];
                        }
                    }
                }
                for (int k = 0; k < ND; k++) {
                    if (sums[k] >= MU_PSI) {
                        int index = k * NS * NS + bit;
                        cells[cellBase + (index >>> 6)] |= 1L << index;
                    }
                }
            }
            if (validCells < MIN_VALID_CELLS * CELL_BIT.length) {
                Arrays.fill(valid, planeBase, planeBase + CylinderCode.PLANE_WORDS, 0);
                Arrays.fill(cells, cellBase, cellBase + CylinderCode.WORDS, 0);
                continue;
            }
            x[kept] = (float) mx;
            y[kept] = (float) my;
            direction[kept] = (float) theta;
            kept++;
        }
        return new CylinderCode(kept, Arrays.copyOf(x, kept), Arrays.copyOf(y, kept),
                Arrays.copyOf(direction, kept), Arrays.copyOf(cells, kept * CylinderCode.WORDS),
                Arrays.copyOf(valid, kept * CylinderCode.PLANE_WORDS));
    }

    /** The share of a Gaussian (σD) centred {@code alpha} from a section's centre that falls in the section. */
    private static double directionalShare(double alpha) {
        double scale = SIGMA_D * Math.sqrt(2);
        return 0.5 * (Erf.erf((alpha + SECTION / 2) / scale) - Erf.erf((alpha - SECTION / 2) / scale));
    }

    /** {@code a - b} wrapped into [-π, π). */
    static double angleDifference(double a, double b) {
        double d = a - b;
        d -= 2 * Math.PI * Math.floor((d + Math.PI) / (2 * Math.PI));
        return d;
    }
}
