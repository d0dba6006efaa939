package dev.ridgeline.engine.finger;

import com.machinezoo.sourceafis.engine.configuration.Parameters;
import com.machinezoo.sourceafis.engine.features.IndexedEdge;
import com.machinezoo.sourceafis.engine.features.SearchMinutia;
import com.machinezoo.sourceafis.engine.primitives.FloatAngle;
import com.machinezoo.sourceafis.engine.templates.SearchTemplate;
import it.unimi.dsi.fastutil.ints.AbstractInt2ObjectMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import it.unimi.dsi.fastutil.objects.ObjectSet;
import java.util.ArrayList;
import java.util.List;

/**
 * SourceAFIS's edge hash of a probe, answered per lookup instead of built in full.
 *
 * <p>SourceAFIS 3.18 indexes every ordered minutia pair (edge) of a probe under each hash key
 * its tolerance box covers (3 length bins x 3 x 3 angle bins): a probe of 50 minutiae makes
 * about 60,000 boxed list entries, 2.6 MB and 1.4 ms, which pays off over thousands of
 * comparisons but is most of a 1:1's cost. A comparison looks up at most
 * {@value Parameters#MAX_ROOT_EDGE_LOOKUPS} keys. This index keeps each edge once, grouped by
 * (length bin, reference-angle bin) cell, and answers {@link #get(int)} by checking the
 * neighbour-angle bin of the cell's few edges. The answer is the list the full hash holds for
 * the key, the same edges in the same order (SourceAFIS appends edges reference-major, and each
 * cell keeps that order), so SourceAFIS's root search, pairing and score run unchanged and the
 * score is bit-for-bit SourceAFIS's ({@code OnDemandEdgeHashTest} checks both against 3.18.1).
 * Only lookups are answered; the map is immutable and safe to share.
 */
final class OnDemandEdgeHash extends AbstractInt2ObjectMap<List<IndexedEdge>> {

    private static final int LENGTH_STEP = Parameters.MAX_DISTANCE_ERROR;
    private static final float ANGLE_STEP = Parameters.MAX_ANGLE_ERROR;
    /** SourceAFIS's count of angle bins: 37, the last a sliver, as 2 pi is not a multiple of the step. */
    private static final int ANGLE_BINS = (int) Math.ceil(2 * Math.PI / ANGLE_STEP);

    private final IndexedEdge[] edges;
    /** First neighbour-angle bin each edge covers, and how many (cyclically). */
    private final byte[] firstNeighborBin;
    private final byte[] neighborBins;
    private final int lengthBins;
    /** Edges of cell c (lengthBin * ANGLE_BINS + referenceBin) are cellEdges[cellStart[c] .. cellStart[c + 1]). */
    private final int[] cellStart;
    private final int[] cellEdges;

    OnDemandEdgeHash(SearchTemplate template) {
        SearchMinutia[] minutiae = template.minutiae;
        int count = minutiae.length;
        edges = new IndexedEdge[Math.max(0, count * (count - 1))];
        firstNeighborBin = new byte[edges.length];
        neighborBins = new byte[edges.length];
        int longest = 0;
        int e = 0;
        for (int reference = 0; reference < count; reference++) {
            for (int neighbor = 0; neighbor < count; neighbor++) {
                if (reference != neighbor) {
                    IndexedEdge edge = new IndexedEdge(minutiae, reference, neighbor);
                    edges[e] = edge;
                    firstNeighborBin[e] = (byte) lowestBin(edge.neighborAngle);
                    neighborBins[e] = (byte) binsCovered(edge.neighborAngle);
                    longest = Math.max(longest, edge.length);
                    e++;
                }
            }
        }
        lengthBins = (longest + LENGTH_STEP) / LENGTH_STEP + 1;
        cellStart = new int[lengthBins * ANGLE_BINS + 1];
        forEachCell((cell, edge) -> cellStart[cell + 1]++);
        for (int c = 0; c < lengthBins * ANGLE_BINS; c++) {
            cellStart[c + 1] += cellStart[c];
        }
        cellEdges = new int[cellStart[lengthBins * ANGLE_BINS]];
        int[] filled = cellStart.clone();
        forEachCell((cell, edge) -> cellEdges[filled[cell]++] = edge);
    }

    private interface CellVisitor {
        void visit(int cell, int edge);
    }

    /** Every (cell, edge) a full hash would file the edge under, edges in ascending order. */
    private void forEachCell(CellVisitor visitor) {
        for (int e = 0; e < edges.length; e++) {
            IndexedEdge edge = edges[e];
            int firstReference = lowestBin(edge.referenceAngle);
            int references = binsCovered(edge.referenceAngle);
            // A zero-length edge's lowest bin is -1 in SourceAFIS: a key no lookup can ask for.
            for (int lengthBin = Math.max(0, (edge.length - LENGTH_STEP) / LENGTH_STEP);
                 lengthBin <= (edge.length + LENGTH_STEP) / LENGTH_STEP; lengthBin++) {
                for (int r = 0; r < references; r++) {
                    visitor.visit(lengthBin * ANGLE_BINS + (firstReference + r) % ANGLE_BINS, e);
                }
            }
        }
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

    /** The probe's edges whose tolerance covers {@code key}, in SourceAFIS's order; null when none does. */
    @Override
    public List<IndexedEdge> get(int key) {
        int lengthBin = key & 0xFFFF;
        int neighborBin = (key >>> 16) & 0xFF;
        int referenceBin = key >>> 24;
        if (lengthBin >= lengthBins || referenceBin >= ANGLE_BINS || neighborBin >= ANGLE_BINS) {
            return null;
        }
        int cell = lengthBin * ANGLE_BINS + referenceBin;
        List<IndexedEdge> found = null;
        for (int i = cellStart[cell]; i < cellStart[cell + 1]; i++) {
            int e = cellEdges[i];
            if (Math.floorMod(neighborBin - firstNeighborBin[e], ANGLE_BINS) < neighborBins[e]) {
                if (found == null) {
                    found = new ArrayList<>(4);
                }
                found.add(edges[e]);
            }
        }
        return found;
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
