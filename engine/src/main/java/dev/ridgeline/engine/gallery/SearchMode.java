package dev.ridgeline.engine.gallery;

/** How a 1:N search picks the rows it scores exactly. */
public enum SearchMode {
    /**
     * Large face-only searches first rank every row by its {@link dev.ridgeline.engine.face.FaceCode},
     * large fingers-only searches by its minutia pairs ({@link dev.ridgeline.engine.finger.PairVoting}),
     * and score exactly only a shortlist (see {@code ShardSnapshot}, {@code FingerShortlist});
     * everything else as exhaustive.
     */
    TWO_STAGE,
    /** Every candidate row is scored exactly: the reference the two-stage search is measured against. */
    EXHAUSTIVE;

    /** Below this many candidate faces in a shard the two-stage search scores every row: a first stage would save little. */
    public static final int SHORTLIST_MINIMUM = 2048;
    /**
     * Faces a two-stage search scores exactly, split evenly over the shards (and at least k twice
     * over): a fixed number, so the exact stage costs the same in a gallery of any size. A mate
     * ranks first in a gallery of n faces only if it beats n impostors, so the mates that matter
     * grow clearer as the gallery grows. On LFW the mates above the FMR 1e-4 threshold would lie
     * within the closest 1,286 of a million faces by code, those above 1e-5 within 312
     * (benchmarks/README.md has the distribution; {@code evaluate --layout lfw} prints it).
     */
    public static final int SHORTLIST_LENGTH = 2000;

    /** How many of its candidate faces each of {@code shards} shards scores exactly in a two-stage search. */
    static int faceShortlist(int shards, int k) {
        return Math.max(2 * k, (SHORTLIST_LENGTH + shards - 1) / shards);
    }

    /** Below this many candidate fingers in a shard every one is scored: SourceAFIS takes them in about 20 ms. */
    public static final int FINGER_SHORTLIST_MINIMUM = 256;
    /**
     * In larger shards SourceAFIS scores this share of the candidate fingers (and at least k twice
     * over). benchmarks/README.md measures how far down the first stage's ranking the mates an
     * exhaustive search ranks first lie.
     */
    public static final double FINGER_SHORTLIST_SHARE = 0.005;

    /**
     * The first stage ranks every candidate finger by single vote cells, then ranks again, by
     * blocks of cells, this many times the shortlist from the top of that ranking. Among FVC
     * probes hidden in generated fingers, the mates an exhaustive search ranks first lie within 2%
     * of the cell ranking, and within the shortlist once that 2% is ranked by blocks
     * (docs/FINGER_SEARCH.md).
     */
    public static final int FINGER_RESCORED = 4;

    /** How many of a shard's {@code rows} candidate fingers a two-stage search scores exactly. */
    static int fingerShortlist(long rows, int k) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(Math.max(FINGER_SHORTLIST_MINIMUM, 2L * k),
                (long) Math.ceil(rows * FINGER_SHORTLIST_SHARE)));
    }
}
