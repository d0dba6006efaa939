package dev.ridgeline.engine.finger;

import com.machinezoo.sourceafis.engine.configuration.Parameters;
import com.machinezoo.sourceafis.engine.features.EdgeShape;
import com.machinezoo.sourceafis.engine.features.IndexedEdge;
import com.machinezoo.sourceafis.engine.features.SearchMinutia;
import com.machinezoo.sourceafis.engine.primitives.FloatAngle;
import com.machinezoo.sourceafis.engine.templates.SearchTemplate;
import it.unimi.dsi.fastutil.ints.AbstractInt2ObjectMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import it.unimi.dsi.fastutil.objects.ObjectSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SourceAFIS's edge hash of a probe, answered per lookup instead of built in full.
 *
 * <p>SourceAFIS 3.18 indexes every ordered minutia pair (edge) of a probe under each hash key
 * its tolerance box covers (3 length bins x 3 x 3 angle bins): a probe of 50 minutiae makes
 * about 60,000 boxed list entries, 2.6 MB and 1.4 ms, which pays off over thousands of
 * comparisons but is most of a 1:1's cost. A comparison looks up at most
 * {@value Parameters#MAX_ROOT_EDGE_LOOKUPS} keys. This index files each edge once, in the bucket
 * of the lowest length bin and lowest reference-angle bin its tolerance covers, and answers
 * {@link #get(int)} from the few buckets whose edges can cover the key, checking each edge's
 * exact cover. (Filing each edge under every cell it covers instead cost as much as the
 * comparison itself.) The answer is the list the full hash holds for the key, the same edges in
 * the same order (SourceAFIS appends edges reference-major, and the answer is sorted so), so
 * SourceAFIS's root search, pairing and score run unchanged and the score is bit-for-bit
 * SourceAFIS's ({@code OnDemandEdgeHashTest} checks both against 3.18.1). An edge object is made
 * only when a lookup returns it. Only lookups are answered; safe to share (the edge cache holds
 * immutable objects, so a race makes at most a duplicate).
 */
final class OnDemandEdgeHash extends AbstractInt2ObjectMap<List<IndexedEdge>> {

    private static final int LENGTH_STEP = Parameters.MAX_DISTANCE_ERROR;
    private static final float ANGLE_STEP = Parameters.MAX_ANGLE_ERROR;
    /** SourceAFIS's count of angle bins: 37, the last a sliver, as 2 pi is not a multiple of the step. */
    private static final int ANGLE_BINS = (int) Math.ceil(2 * Math.PI / ANGLE_STEP);
    /** An edge of length l covers length bins (l - step) / step to (l + step) / step: three at most. */
    private static final int LENGTH_BINS_COVERED = 3;

    private final SearchMinutia[] minutiae;
    /** Per edge, in SourceAFIS's order: the length bins it covers, and the first angle bin and count of each angle's cover. */
    private final short[] lowestLengthBin;
    private final short[] highestLengthBin;
    private final byte[] firstReferenceBin;
    private final byte[] referenceBins;
    private final byte[] firstNeighborBin;
    private final byte[] neighborBins;
    /** The most reference-angle bins one edge covers: how far back from a key its bucket may start. */
    private final int widestReferenceCover;
    private final int lengthBuckets;
    /** Edges of bucket b (lowestLengthBin * ANGLE_BINS + firstReferenceBin) are bucketEdges[bucketStart[b] .. bucketStart[b + 1]), ascending. */
    private final int[] bucketStart;
    private final int[] bucketEdges;
    private final IndexedEdge[] made;

    OnDemandEdgeHash(SearchTemplate template) {
        minutiae = template.minutiae;
        int count = minutiae.length;
        int edges = Math.max(0, count * (count - 1));
        lowestLengthBin = new short[edges];
        highestLengthBin = new short[edges];
        firstReferenceBin = new byte[edges];
        referenceBins = new byte[edges];
        firstNeighborBin = new byte[edges];
        neighborBins = new byte[edges];
        made = new IndexedEdge[edges];
        int widest = 1;
        int highestLowest = 0;
        int e = 0;
        for (int reference = 0; reference < count; reference++) {
            for (int neighbor = 0; neighbor < count; neighbor++) {
                if (reference != neighbor) {
                    EdgeShape shape = new EdgeShape(minutiae[reference], minutiae[neighbor]);
                    // A zero-length edge's lowest bin is -1 in SourceAFIS: a key no lookup can ask for.
                    lowestLengthBin[e] = (short) Math.max(0, (shape.length - LENGTH_STEP) / LENGTH_STEP);
                    highestLengthBin[e] = (short) ((shape.length + LENGTH_STEP) / LENGTH_STEP);
                    firstReferenceBin[e] = (byte) lowestBin(shape.referenceAngle);
                    referenceBins[e] = (byte) binsCovered(shape.referenceAngle);
                    firstNeighborBin[e] = (byte) lowestBin(shape.neighborAngle);
                    neighborBins[e] = (byte) binsCovered(shape.neighborAngle);
                    widest = Math.max(widest, referenceBins[e]);
                    highestLowest = Math.max(highestLowest, lowestLengthBin[e]);
                    e++;
                }
            }
        }
        widestReferenceCover = widest;
        lengthBuckets = highestLowest + 1;
        bucketStart = new int[lengthBuckets * ANGLE_BINS + 1];
        for (int edge = 0; edge < edges; edge++) {
            bucketStart[bucket(edge) + 1]++;
        }
        for (int b = 0; b < lengthBuckets * ANGLE_BINS; b++) {
            bucketStart[b + 1] += bucketStart[b];
        }
        bucketEdges = new int[edges];
        int[] filled = Arrays.copyOf(bucketStart, bucketStart.length - 1);
        for (int edge = 0; edge < edges; edge++) {
            bucketEdges[filled[bucket(edge)]++] = edge;
        }
    }

    private int bucket(int edge) {
        return lowestLengthBin[edge] * ANGLE_BINS + firstReferenceBin[edge];
    }

    /** The bin of the angle one tolerance below, where an edge's cover starts (SourceAFIS's arithmetic, in float). */
    private static int lowestBin(float angle) {
        return (int) (FloatAngle.difference(angle, ANGLE_STEP) / ANGLE_STEP);
    }

    /** How many bins, from {@link #lowestBin}, the angle's tolerance covers, going round past the sliver bin. */
    private static int binsCovered(float angle) {
        int end = ((int) (FloatAngle.add(angle, ANGLE_STEP) / ANGLE_STEP) + 1) % ANGLE_BINS;
        return Math.floorMod(end - lowestBin(angle), ANGLE_BINS);
    }

    private static boolean covers(int first, int bins, int bin) {
        return Math.floorMod(bin - first, ANGLE_BINS) < bins;
    }

    /** The probe's edges whose tolerance covers {@code key}, in SourceAFIS's order; null when none does. */
    @Override
    public List<IndexedEdge> get(int key) {
        int lengthBin = key & 0xFFFF;
        int neighborBin = (key >>> 16) & 0xFF;
        int referenceBin = key >>> 24;
        if (referenceBin >= ANGLE_BINS || neighborBin >= ANGLE_BINS) {
            return null;
        }
        int[] found = null;
        int size = 0;
        for (int lowest = Math.max(0, lengthBin - LENGTH_BINS_COVERED + 1);
             lowest <= Math.min(lengthBin, lengthBuckets - 1); lowest++) {
            for (int back = 0; back < widestReferenceCover; back++) {
                int b = lowest * ANGLE_BINS + Math.floorMod(referenceBin - back, ANGLE_BINS);
                for (int i = bucketStart[b]; i < bucketStart[b + 1]; i++) {
                    int e = bucketEdges[i];
                    if (lengthBin <= highestLengthBin[e] && back < referenceBins[e]
                            && covers(firstNeighborBin[e], neighborBins[e], neighborBin)) {
                        if (found == null) {
                            found = new int[8];
                        } else if (size == found.length) {
                            found = Arrays.copyOf(found, 2 * size);
                        }
                        found[size++] = e;
                    }
                }
            }
        }
        if (found == null) {
            return null;
        }
        Arrays.sort(found, 0, size);
        List<IndexedEdge> edges = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            edges.add(edge(found[i]));
        }
        return edges;
    }

    /** Edge e: SourceAFIS numbers them reference-major, skipping each minutia's pair with itself. */
    private IndexedEdge edge(int e) {
        IndexedEdge edge = made[e];
        if (edge == null) {
            int reference = e / (minutiae.length - 1);
            int neighbor = e % (minutiae.length - 1);
            edge = new IndexedEdge(minutiae, reference, neighbor < reference ? neighbor : neighbor + 1);
            made[e] = edge;
        }
        return edge;
    }

    /** Not known without enumerating every key, and nothing on the comparison path asks. */
    @Override
    public int size() {
        throw new UnsupportedOperationException("an on-demand edge hash answers lookups only");
    }

    @Override
    public ObjectSet<Int2ObjectMap.Entry<List<IndexedEdge>>> int2ObjectEntrySet() {
        throw new UnsupportedOperationException("an on-demand edge hash answers lookups only");
    }
}
