package dev.ridgeline.engine.mcc;

import dev.ridgeline.engine.finger.ConvexHull;
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
    /** Cell i's centre lies (i - CENTRE) cells from the cylinder's axis. */
    private static final double CENTRE = (NS - 1) / 2.0;
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
                double ox = (i - CENTRE) * CELL_SIZE;
                double oy = (j - CENTRE) * CELL_SIZE;
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

    /**
     * Each neighbour adds to the cells within 3σS of it (a few dozen), rather than each cell
     * asking every neighbour: several times less work, which matters because a 1:1 with
     * cylinders made on the fly pays for both fingers' cylinders.
     */
    public static CylinderCode encode(Minutiae minutiae) {
        int n = minutiae.count();
        int[] mx = minutiae.x();
        int[] my = minutiae.y();
        double[] md = minutiae.direction();
        ConvexHull hull = ConvexHull.of(mx, my);
        float[] x = new float[n];
        float[] y = new float[n];
        float[] direction = new float[n];
        long[] cells = new long[n * CylinderCode.WORDS];
        long[] valid = new long[n * CylinderCode.PLANE_WORDS];
        // Neighbours in the cylinder's own frame (u across, v along its direction) and their section shares.
        double[] u = new double[n];
        double[] v = new double[n];
        double[] sections = new double[n * ND];
        double[] sums = new double[CELLS];
        int kept = 0;
        for (int m = 0; m < n; m++) {
            double theta = md[m];
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            int contributing = 0;
            for (int t = 0; t < n; t++) {
                double tx = mx[t] - mx[m];
                double ty = my[t] - my[m];
                if (t == m || tx * tx + ty * ty > (RADIUS + REACH) * (RADIUS + REACH)) {
                    continue;
                }
                u[contributing] = tx * cos + ty * sin;
                v[contributing] = -tx * sin + ty * cos;
                double relative = angleDifference(theta, md[t]);
                for (int k = 0; k < ND; k++) {
                    sections[contributing * ND + k] = DirectionalShare.at(
                            angleDifference(-Math.PI + (k + 0.5) * SECTION, relative));
                }
                contributing++;
            }
            if (contributing < MIN_CONTRIBUTING_MINUTIAE) {
                continue;
            }
            int planeBase = kept * CylinderCode.PLANE_WORDS;
            // A minutia this deep inside the hull has every cell of its disk within the margin.
            boolean allValid = hull.depth(mx[m], my[m]) >= RADIUS - OMEGA;
            int validCells = 0;
            for (int c = 0; c < CELL_BIT.length; c++) {
                if (allValid || hull.reaches(mx[m] + CELL_DX[c] * cos - CELL_DY[c] * sin,
                        my[m] + CELL_DX[c] * sin + CELL_DY[c] * cos, OMEGA)) {
                    valid[planeBase + (CELL_BIT[c] >>> 6)] |= 1L << CELL_BIT[c];
                    validCells++;
                }
            }
            if (validCells < MIN_VALID_CELLS * CELL_BIT.length) {
                Arrays.fill(valid, planeBase, planeBase + CylinderCode.PLANE_WORDS, 0);
                continue;
            }
            Arrays.fill(sums, 0);
            for (int q = 0; q < contributing; q++) {
                int iLow = Math.max(0, (int) Math.ceil((u[q] - REACH) / CELL_SIZE + CENTRE));
                int iHigh = Math.min(NS - 1, (int) Math.floor((u[q] + REACH) / CELL_SIZE + CENTRE));
                int jLow = Math.max(0, (int) Math.ceil((v[q] - REACH) / CELL_SIZE + CENTRE));
                int jHigh = Math.min(NS - 1, (int) Math.floor((v[q] + REACH) / CELL_SIZE + CENTRE));
                for (int j = jLow; j <= jHigh; j++) {
                    double dv = (j - CENTRE) * CELL_SIZE - v[q];
                    for (int i = iLow; i <= iHigh; i++) {
                        double du = (i - CENTRE) * CELL_SIZE - u[q];
                        double d2 = du * du + dv * dv;
                        int bit = j * NS + i;
                        if (d2 > REACH * REACH || (valid[planeBase + (bit >>> 6)] & (1L << bit)) == 0) {
                            continue; // too far to count, or a cell outside the disk or the captured area
                        }
                        double spatial = SpatialGaussian.at(d2);
                        for (int k = 0; k < ND; k++) {
                            sums[k * NS * NS + bit] += spatial * sections[q * ND + k];
                        }
                    }
                }
            }
            int cellBase = kept * CylinderCode.WORDS;
            for (int index = 0; index < CELLS; index++) {
                if (sums[index] >= MU_PSI) {
                    cells[cellBase + (index >>> 6)] |= 1L << index;
                }
            }
            x[kept] = mx[m];
            y[kept] = my[m];
            direction[kept] = (float) theta;
            kept++;
        }
        return new CylinderCode(kept, Arrays.copyOf(x, kept), Arrays.copyOf(y, kept),
                Arrays.copyOf(direction, kept), Arrays.copyOf(cells, kept * CylinderCode.WORDS),
                Arrays.copyOf(valid, kept * CylinderCode.PLANE_WORDS));
    }

    /** σS's Gaussian of a squared distance (px²) up to 3σS, tabulated every 1/8 px²: within 0.04% of exact. */
    private static final class SpatialGaussian {
        private static final int STEPS_PER_PX2 = 8;
        private static final double[] TABLE = new double[(int) Math.ceil(REACH * REACH * STEPS_PER_PX2) + 2];
        static {
            for (int i = 0; i < TABLE.length; i++) {
                TABLE[i] = GAUSSIAN_SCALE * Math.exp(-((double) i / STEPS_PER_PX2) / (2 * SIGMA_S * SIGMA_S));
            }
        }

        static double at(double squaredDistance) {
            return TABLE[(int) (squaredDistance * STEPS_PER_PX2 + 0.5)];
        }
    }

    /**
     * The share of a Gaussian (σD) centred {@code alpha} from a section's centre that falls in the
     * section, tabulated over [-π, π] and interpolated linearly (it is smooth; error below 1e-5).
     */
    private static final class DirectionalShare {
        private static final int STEPS = 2048;
        private static final double[] TABLE = new double[STEPS + 2];
        static {
            for (int i = 0; i < TABLE.length; i++) {
                double alpha = -Math.PI + 2 * Math.PI * i / STEPS;
                double scale = SIGMA_D * Math.sqrt(2);
                TABLE[i] = 0.5 * (Erf.erf((alpha + SECTION / 2) / scale) - Erf.erf((alpha - SECTION / 2) / scale));
            }
        }

        static double at(double alpha) {
            double position = (alpha + Math.PI) / (2 * Math.PI) * STEPS;
            int i = Math.min(STEPS, Math.max(0, (int) position));
            double t = position - i;
            return TABLE[i] + t * (TABLE[i + 1] - TABLE[i]);
        }
    }

    /** {@code a - b} wrapped into [-π, π). */
    static double angleDifference(double a, double b) {
        double d = a - b;
        d -= 2 * Math.PI * Math.floor((d + Math.PI) / (2 * Math.PI));
        return d;
    }
}
