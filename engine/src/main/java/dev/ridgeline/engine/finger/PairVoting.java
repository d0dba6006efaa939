package dev.ridgeline.engine.finger;

import java.util.Arrays;

/**
 * A probe finger's pairs, indexed by key, and the first stage's score of a reference against
 * them. Every reference pair whose key the probe also holds votes for the rotation (θ of the
 * probe's pair minus θ of the reference's) and the translation (between the two centroids, once
 * the pairs are laid on each other) that would align the two fingers. The score is the largest
 * vote in any one cell, divided by the square root of the reference's pair count: chance
 * agreements grow with the pairs a reference holds, a mate's agreements pile up in one cell.
 *
 * <p>Skin distortion, the 16-pixel steps midpoints are kept in and direction noise scatter a
 * mate's votes around the true alignment, and when it lies near a cell's edge they split between
 * two cells, or four, or eight. Two remedies, one per pass of a search ({@code FingerShortlist}):
 * {@link Scorer#score} counts every vote in two grids of 32-pixel cells, the second offset by half
 * a cell along each axis, so a cluster narrower than half a cell lies whole in a cell of one of
 * them; {@link Scorer#blockScore} counts votes in blocks of 2 x 2 x 2 neighbouring 24-pixel cells
 * in each of eight offset grids, which keeps wider scatters together at about twice the cost, and
 * rescores the references the first ranked best.
 *
 * <p>Immutable and shared by every shard thread of a search; each thread scores with its own
 * {@link Scorer}.
 */
public final class PairVoting {

    /** Rotation cells of 22.5 degrees: two of θ's 32nds of a turn each. */
    static final int ROTATION_CELLS = 16;
    /** Translation cells (pixels) of the blocks' grid: wider than the skin's distortion between two captures, narrower than a print. */
    static final int TRANSLATION_CELL = 24;
    /**
     * Translation cells (pixels) of the single-cell score's two grids. Among FVC probes hidden in
     * generated fingers, the mates 24-pixel cells ranked lowest held a cluster of votes that two
     * 32-pixel grids kept whole (docs/FINGER_SEARCH.md).
     */
    static final int WIDE_CELL = 32;
    /**
     * Translations are voted within ±{@value #TRANSLATION_RANGE} px. Both fingers' midpoints are
     * seen from their own centroids, so the translation is the shift between the centroids (they
     * differ as much as the captured areas do) plus what the rotation moves: a few hundred pixels.
     * The grid (16 x 32 x 32 votes of two bytes) then fits a core's 32 KB first-level cache.
     */
    static final int TRANSLATION_RANGE = 384;
    private static final int GRID = 2 * TRANSLATION_RANGE / TRANSLATION_CELL;
    /** One more cell along each axis than the range needs: the offset grid's last cell reaches past it. */
    private static final int WIDE_GRID = 2 * TRANSLATION_RANGE / WIDE_CELL + 1;
    /**
     * A block is one cell of one of eight grids of double-sized cells, offset by a cell along
     * each axis whose bit of the grid's number is set (4: rotation, 2: y, 1: x). Rotations wrap
     * around the turn; translations stop at the range's edge.
     */
    private static final int BLOCK_ROTATIONS = ROTATION_CELLS / 2;
    private static final int BLOCK_GRID = GRID / 2;
    private static final int BLOCKS_PER_GRID = BLOCK_ROTATIONS * BLOCK_GRID * BLOCK_GRID;

    /** Bit k is set when the probe holds key k: most reference keys miss, and this 4 KB answers first. */
    private final long[] present;
    /**
     * Occurrences of key k are {@code start[k]} to {@code start[k + 1] - 1}; occurrence o is
     * {@value #STRIDE} floats from {@code STRIDE * o} of {@code occurrences}: θ's cosine and sine,
     * the midpoint's x and y, and θ in 32nds of a turn. Interleaved, one vote reads one cache line.
     */
    private final int[] start;
    private final float[] occurrences;
    private static final int STRIDE = 5;

    private PairVoting(long[] present, int[] start, float[] occurrences) {
        this.present = present;
        this.start = start;
        this.occurrences = occurrences;
    }

    public static PairVoting of(Minutiae probe) {
        int[] counts = new int[MinutiaPairs.KEY_SPACE + 1];
        long[] present = new long[MinutiaPairs.KEY_SPACE / Long.SIZE];
        MinutiaPairs.probe(probe, (key, theta, turns, x, y) -> {
            counts[key + 1]++;
            present[key >>> 6] |= 1L << key;
        });
        int[] start = counts.clone();
        for (int k = 1; k < start.length; k++) {
            start[k] += start[k - 1];
        }
        float[] occurrences = new float[STRIDE * start[MinutiaPairs.KEY_SPACE]];
        int[] next = Arrays.copyOf(start, MinutiaPairs.KEY_SPACE);
        MinutiaPairs.probe(probe, (key, theta, turns, x, y) -> {
            int at = STRIDE * next[key]++;
            occurrences[at] = (float) Math.cos(theta);
            occurrences[at + 1] = (float) Math.sin(theta);
            occurrences[at + 2] = x;
            occurrences[at + 3] = y;
            occurrences[at + 4] = turns;
        });
        return new PairVoting(present, start, occurrences);
    }

    public Scorer scorer() {
        return new Scorer();
    }

    /**
     * One thread's vote grids (the two grids of wide cells: 40 KB; blocks of cells: 32 KB),
     * emptied after each reference.
     */
    public final class Scorer {
        private final char[] wideCells = new char[2 * ROTATION_CELLS * WIDE_GRID * WIDE_GRID];
        private final char[] blocks = new char[8 * BLOCKS_PER_GRID];
        /** The cells the current reference's votes fall in: two per vote in the wide grids, one in the blocks' grid. */
        private int[] cast = new int[512];
        /** The current reference's pairs whose key the probe holds. */
        private int[] heldPairs = new int[512];

        /**
         * The score of the reference pairs {@code pairs[from]} to {@code pairs[from + count - 1]}, by
         * single cells of either wide grid.
         */
        public float score(int[] pairs, int from, int count) {
            int cells = vote(pairs, from, count, true);
            int[] voted = cast;
            char[] grid = wideCells;
            int best = 0;
            for (int c = 0; c < cells; c++) {
                best = Math.max(best, ++grid[voted[c]]);
            }
            for (int c = 0; c < cells; c++) {
                grid[voted[c]] = 0;
            }
            return normalized(best, count);
        }

        /**
         * The same reference's score by blocks of 2 x 2 x 2 cells: never below {@link #score}
         * (any wide cell lies within two neighbouring cells along each axis, so within a block).
         */
        public float blockScore(int[] pairs, int from, int count) {
            int cells = vote(pairs, from, count, false);
            int best = 0;
            for (int c = 0; c < cells; c++) {
                best = Math.max(best, countInBlocks(blocks, cast[c], 1));
            }
            for (int c = 0; c < cells; c++) {
                countInBlocks(blocks, cast[c], 0);
            }
            return normalized(best, count);
        }

        /**
         * Casts the reference's votes into {@link #cast}: each vote's cell in both wide grids, or
         * its cell in the blocks' grid. Returns how many cells were written.
         */
        private int vote(int[] pairs, int from, int count, boolean wide) {
            // Locals, so the loop reads no field through this or the enclosing instance.
            long[] keys = present;
            int[] keyStart = start;
            float[] probe = occurrences;
            int[] voted = cast;
            // Gathers the pairs whose key the probe holds first, without a branch: a quarter of a
            // reference's pairs do, unpredictably, and a mispredicted branch per pair cost more
            // than the test.
            int[] held = heldPairs;
            if (held.length < count) {
                held = new int[Integer.highestOneBit(count) * 2];
                heldPairs = held;
            }
            int heldCount = 0;
            for (int p = from; p < from + count; p++) {
                int pair = pairs[p];
                int key = MinutiaPairs.key(pair);
                held[heldCount] = pair;
                heldCount += (int) (keys[key >>> 6] >>> key) & 1;
            }
            int cells = 0;
            for (int h = 0; h < heldCount; h++) {
                int pair = held[h];
                int key = MinutiaPairs.key(pair);
                int referenceTurns = MinutiaPairs.theta(pair);
                float x = MinutiaPairs.frameX(pair);
                float y = MinutiaPairs.frameY(pair);
                for (int o = STRIDE * keyStart[key]; o < STRIDE * keyStart[key + 1]; o += STRIDE) {
                    float cos = probe[o];
                    float sin = probe[o + 1];
                    // The reference midpoint, kept in its pair's frame, put in the probe pair's frame.
                    float shiftX = probe[o + 2] - (cos * x - sin * y) + TRANSLATION_RANGE;
                    float shiftY = probe[o + 3] - (sin * x + cos * y) + TRANSLATION_RANGE;
                    int rotation = ((int) probe[o + 4] - referenceTurns) & (MinutiaPairs.TURN - 1);
                    if (shiftX < 0 || shiftY < 0 || shiftX >= 2 * TRANSLATION_RANGE || shiftY >= 2 * TRANSLATION_RANGE) {
                        continue;
                    }
                    if (cells + 2 > voted.length) {
                        voted = Arrays.copyOf(voted, voted.length * 2);
                        cast = voted;
                    }
                    int pixelX = (int) shiftX;
                    int pixelY = (int) shiftY;
                    if (wide) {
                        voted[cells++] = wideCell(rotation, pixelX, pixelY, 0);
                        voted[cells++] = wideCell(rotation, pixelX, pixelY, 1);
                    } else {
                        voted[cells++] = (rotation * ROTATION_CELLS / MinutiaPairs.TURN * GRID
                                + pixelY / TRANSLATION_CELL) * GRID + pixelX / TRANSLATION_CELL;
                    }
                }
            }
            return cells;
        }
    }

    /**
     * A vote's cell in wide grid 0, or in grid 1, which is offset by half a cell along each axis
     * (16 px, and one 32nd of a turn: half a rotation cell). Translations are 0 to 767 px.
     */
    private static int wideCell(int rotation, int pixelX, int pixelY, int offset) {
        int half = offset * (WIDE_CELL / 2);
        int turned = (rotation + offset) & (MinutiaPairs.TURN - 1);
        return ((offset * ROTATION_CELLS + turned * ROTATION_CELLS / MinutiaPairs.TURN) * WIDE_GRID
                + (pixelY + half) / WIDE_CELL) * WIDE_GRID + (pixelX + half) / WIDE_CELL;
    }

    private static float normalized(int votes, int referencePairs) {
        return (float) (votes / Math.sqrt(referencePairs + 1.0));
    }

    /**
     * Adds {@code votes} (1) to the block holding {@code cell} in each of the eight grids, or
     * (0) empties those blocks; returns the most votes any of them then holds.
     */
    private static int countInBlocks(char[] grid, int cell, int votes) {
        int cellX = cell % GRID;
        int cellY = cell / GRID % GRID;
        int cellRotation = cell / (GRID * GRID);
        int r0 = (cellRotation >> 1) * BLOCK_GRID * BLOCK_GRID;
        int r1 = 4 * BLOCKS_PER_GRID + ((cellRotation + 1) >> 1) % BLOCK_ROTATIONS * BLOCK_GRID * BLOCK_GRID;
        int y0 = (cellY >> 1) * BLOCK_GRID;
        int y1 = 2 * BLOCKS_PER_GRID + Math.min(BLOCK_GRID - 1, (cellY + 1) >> 1) * BLOCK_GRID;
        int x0 = cellX >> 1;
        int x1 = BLOCKS_PER_GRID + Math.min(BLOCK_GRID - 1, (cellX + 1) >> 1);
        return Math.max(
                Math.max(Math.max(add(grid, r0 + y0 + x0, votes), add(grid, r0 + y0 + x1, votes)),
                        Math.max(add(grid, r0 + y1 + x0, votes), add(grid, r0 + y1 + x1, votes))),
                Math.max(Math.max(add(grid, r1 + y0 + x0, votes), add(grid, r1 + y0 + x1, votes)),
                        Math.max(add(grid, r1 + y1 + x0, votes), add(grid, r1 + y1 + x1, votes))));
    }

    private static int add(char[] grid, int block, int votes) {
        int held = votes == 0 ? 0 : grid[block] + votes;
        grid[block] = (char) held;
        return held;
    }
}
