package dev.ridgeline.engine.mcc;

/**
 * A finger's Minutia Cylinder-Code (Cappelli, Ferrara, Maltoni, "Minutia Cylinder-Code: a new
 * representation and matching technique for fingerprint recognition", IEEE TPAMI 32(12), 2010),
 * in its bit form: for each valid cylinder, its centre minutia and two bit sets, which cells
 * hold neighbouring minutiae of each relative direction and which cells saw skin. Made by
 * {@link CylinderEncoder}, compared by {@link CylinderMatcher}. Immutable.
 *
 * <p>Cell {@code (i, j, k)} (i across, j along the minutia's direction, k the direction section)
 * is bit {@code k * 256 + j * 16 + i} of a cylinder's {@value #WORDS} words; validity depends
 * only on {@code (i, j)}, so it is one 256-bit plane of {@value #PLANE_WORDS} words.
 */
public final class CylinderCode {

    static final int WORDS = CylinderEncoder.CELLS / Long.SIZE;
    static final int PLANE_WORDS = CylinderEncoder.NS * CylinderEncoder.NS / Long.SIZE;

    private final int count;
    final float[] x;
    final float[] y;
    final float[] direction;
    /** Cylinder c's cells are words {@code c * WORDS} onward; bits outside its valid plane are clear. */
    final long[] cells;
    /** Cylinder c's valid plane is words {@code c * PLANE_WORDS} onward. */
    final long[] valid;

    CylinderCode(int count, float[] x, float[] y, float[] direction, long[] cells, long[] valid) {
        this.count = count;
        this.x = x;
        this.y = y;
        this.direction = direction;
        this.cells = cells;
        this.valid = valid;
    }

    /** Valid cylinders: minutiae with enough neighbours and enough captured area around them. */
    public int count() {
        return count;
    }
}
