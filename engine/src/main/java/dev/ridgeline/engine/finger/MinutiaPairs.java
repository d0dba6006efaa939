package dev.ridgeline.engine.finger;

import java.util.Arrays;

/**
 * The first stage's features: pairs of nearby minutiae. A pair's key quantizes what neither
 * rotation nor translation changes: the distance d between minutiae i and j, and the direction of
 * each relative to θ, the direction from i to j. Besides its key a pair keeps θ and where the
 * finger's centroid lies seen from the pair, so two fingers' matching keys can vote for the
 * rotation and translation that would align them ({@link PairVoting}): a mate's pairs agree on
 * one, a stranger's scatter.
 *
 * <p>A reference keeps one pair per unordered couple joining a minutia to one of its
 * {@value #REFERENCE_NEIGHBOURS} nearest neighbours, packed in an int: key (15 bits), θ in 32nds
 * of a turn (5 bits), and the pair's midpoint relative to the minutiae's centroid, turned into
 * the pair's own frame (θ along x), in 16-pixel steps (6 bits each, signed). A probe takes both
 * orders of each couple, more neighbours (a minutia missing from one impression changes who the
 * neighbours are) and, where a value lies near a bin's edge, the neighbouring bin too (distortion
 * and direction noise would otherwise split a pair between two keys).
 *
 * <p>Bins and tolerances were chosen on generated fingers (10,000 enrolled, 100 probes): against
 * 10-pixel, 16-direction bins they cut the votes a stranger casts fourfold and keep mates as high.
 */
public final class MinutiaPairs {

    static final int REFERENCE_NEIGHBOURS = 8;
    static final int PROBE_NEIGHBOURS = 12;
    /** Closer pairs are mostly one ridge ending seen twice; farther ones drift with skin distortion (pixels at 500 dpi). */
    static final double MIN_DISTANCE = 10;
    static final double MAX_DISTANCE = 170;
    static final double DISTANCE_BIN = 5;
    static final int ANGLE_BINS = 32;
    static final double DISTANCE_TOLERANCE = 2.5;
    static final double ANGLE_TOLERANCE = Math.toRadians(7);
    static final int DISTANCE_BINS = (int) Math.ceil((MAX_DISTANCE - MIN_DISTANCE) / DISTANCE_BIN);
    /** Keys are 0 to {@code KEY_SPACE - 1}: 15 bits. */
    static final int KEY_SPACE = DISTANCE_BINS * ANGLE_BINS * ANGLE_BINS;
    /** θ is kept in 32nds of a turn. */
    static final int TURN = 32;
    static final int POSITION_STEP = 16;
    /** Positions are kept within ±{@value #POSITION_RANGE} steps (±512 px). */
    static final int POSITION_RANGE = 32;

    private static final double ANGLE_BIN = 2 * Math.PI / ANGLE_BINS;

    private MinutiaPairs() {
    }

    /** A finger's reference pairs, packed. */
    public static int[] reference(Minutiae minutiae) {
        Centred centred = Centred.of(minutiae);
        IntList pairs = new IntList();
        boolean[][] paired = neighbours(minutiae, REFERENCE_NEIGHBOURS);
        for (int i = 0; i < minutiae.count(); i++) {
            for (int j = i + 1; j < minutiae.count(); j++) {
                if (paired[i][j]) {
                    double[] f = features(minutiae, i, j);
                    int key = encode((int) f[0], Math.floorMod((int) f[1], ANGLE_BINS), Math.floorMod((int) f[2], ANGLE_BINS));
                    double theta = theta(minutiae, i, j);
                    double x = centred.midX(i, j);
                    double y = centred.midY(i, j);
                    double cos = Math.cos(theta);
                    double sin = Math.sin(theta);
                    pairs.add(key << 17 | turns(theta) << 12 | step(cos * x + sin * y) << 6 | step(cos * y - sin * x));
                }
            }
        }
        return pairs.toArray();
    }

    static int key(int pair) {
        return pair >>> 17;
    }

    static int theta(int pair) {
        return pair >>> 12 & (TURN - 1);
    }

    /** The midpoint relative to the centroid, in the pair's frame (θ along x): x, in pixels. */
    static int frameX(int pair) {
        return unstep(pair >>> 6 & 0x3F);
    }

    static int frameY(int pair) {
        return unstep(pair & 0x3F);
    }

    /** One probe pair occurrence, per key it may match: θ (radians and in 32nds of a turn) and the midpoint. */
    interface ProbeSink {
        void add(int key, double theta, int turns, float midX, float midY);
    }

    /** Feeds {@code sink} every key a probe looks up, with the geometry of the pair behind it. */
    static void probe(Minutiae minutiae, ProbeSink sink) {
        Centred centred = Centred.of(minutiae);
        boolean[][] paired = neighbours(minutiae, PROBE_NEIGHBOURS);
        for (int i = 0; i < minutiae.count(); i++) {
            for (int j = 0; j < minutiae.count(); j++) {
                if (i != j && paired[Math.min(i, j)][Math.max(i, j)]) {
                    double[] f = features(minutiae, i, j);
                    double theta = theta(minutiae, i, j);
                    int turns = turns(theta);
                    float midX = (float) centred.midX(i, j);
                    float midY = (float) centred.midY(i, j);
                    for (int d : bins(f[0], DISTANCE_TOLERANCE / DISTANCE_BIN)) {
                        if (d < 0 || d >= DISTANCE_BINS) {
                            continue;
                        }
                        for (int a : bins(f[1], ANGLE_TOLERANCE / ANGLE_BIN)) {
                            for (int b : bins(f[2], ANGLE_TOLERANCE / ANGLE_BIN)) {
                                sink.add(encode(d, Math.floorMod(a, ANGLE_BINS), Math.floorMod(b, ANGLE_BINS)), theta,
                                        turns, midX, midY);
                            }
                        }
                    }
                }
            }
        }
    }

    /** paired[i][j] (i < j): j is among i's nearest neighbours or i among j's, within the distance range. */
    private static boolean[][] neighbours(Minutiae minutiae, int count) {
        int n = minutiae.count();
        boolean[][] paired = new boolean[n][n];
        long[] byDistance = new long[n];
        for (int i = 0; i < n; i++) {
            // Distance in 1/1024 px above the index, so a primitive sort orders the neighbours.
            int inRange = 0;
            for (int j = 0; j < n; j++) {
                double distance = minutiae.distance(i, j);
                if (j != i && distance >= MIN_DISTANCE && distance < MAX_DISTANCE) {
                    byDistance[inRange++] = (long) (distance * 1024) << 16 | j;
                }
            }
            Arrays.sort(byDistance, 0, inRange);
            for (int rank = 0; rank < Math.min(count, inRange); rank++) {
                int j = (int) (byDistance[rank] & 0xFFFF);
                paired[Math.min(i, j)][Math.max(i, j)] = true;
            }
        }
        return paired;
    }

    /** The pair's distance bin and two relative-direction bins, as fractional bin positions. */
    private static double[] features(Minutiae minutiae, int i, int j) {
        double theta = theta(minutiae, i, j);
        return new double[] {
            (minutiae.distance(i, j) - MIN_DISTANCE) / DISTANCE_BIN,
            turn(minutiae.direction()[i] - theta) / ANGLE_BIN,
            turn(minutiae.direction()[j] - theta) / ANGLE_BIN};
    }

    private static double theta(Minutiae minutiae, int i, int j) {
        return Math.atan2(minutiae.y()[j] - minutiae.y()[i], minutiae.x()[j] - minutiae.x()[i]);
    }

    /** The bin of {@code position}, and its neighbour when {@code position} lies within {@code tolerance} of the edge. */
    private static int[] bins(double position, double tolerance) {
        int bin = (int) Math.floor(position);
        double within = position - bin;
        if (within < tolerance) {
            return new int[] {bin, bin - 1};
        }
        if (within > 1 - tolerance) {
            return new int[] {bin, bin + 1};
        }
        return new int[] {bin};
    }

    private static int encode(int distanceBin, int firstAngleBin, int secondAngleBin) {
        return (distanceBin * ANGLE_BINS + firstAngleBin) * ANGLE_BINS + secondAngleBin;
    }

    /** An angle in 32nds of a turn, 0-31. */
    private static int turns(double angle) {
        return Math.floorMod((int) Math.round(angle / (2 * Math.PI) * TURN), TURN);
    }

    /** An angle brought into [0, 2π). */
    private static double turn(double angle) {
        double turned = angle % (2 * Math.PI);
        return turned < 0 ? turned + 2 * Math.PI : turned;
    }

    /** A coordinate in 6-bit two's complement steps, clamped to the range. */
    private static int step(double offset) {
        int steps = (int) Math.round(offset / POSITION_STEP);
        return Math.clamp(steps, -POSITION_RANGE, POSITION_RANGE - 1) & 0x3F;
    }

    private static int unstep(int bits) {
        return ((bits << 26) >> 26) * POSITION_STEP;
    }

    /** Minutia coordinates seen from their centroid, so a finger's pairs fit in a few bits wherever it lies. */
    private record Centred(Minutiae minutiae, double centreX, double centreY) {

        static Centred of(Minutiae minutiae) {
            return new Centred(minutiae, Arrays.stream(minutiae.x()).average().orElse(0),
                    Arrays.stream(minutiae.y()).average().orElse(0));
        }

        double midX(int i, int j) {
            return (minutiae.x()[i] + minutiae.x()[j]) / 2.0 - centreX;
        }

        double midY(int i, int j) {
            return (minutiae.y()[i] + minutiae.y()[j]) / 2.0 - centreY;
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[256];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
