package dev.ridgeline.engine.gallery;

/** How a 1:N search picks the rows it scores exactly. */
public enum SearchMode {
    /**
     * Large face searches first rank every row by its {@link dev.ridgeline.engine.face.FaceCode}
     * and score exactly only a shortlist (see {@code ShardSnapshot}); everything else as exhaustive.
     */
    TWO_STAGE,
    /** Every candidate row is scored exactly: the reference the two-stage search is measured against. */
    EXHAUSTIVE;

    /** Below this many candidate faces in a shard the two-stage search scores every row: a first stage would save little. */
    public static final int SHORTLIST_MINIMUM = 2048;
    /**
     * In larger shards the exact stage scores this share of the candidates (and at least k twice
     * over). On LFW every mate an exhaustive search ranked first was within the closest 2.2% by
     * code ({@code evaluate --layout lfw} prints the curve), so 5% keeps them all with a margin.
     */
    public static final double SHORTLIST_SHARE = 0.05;
}
