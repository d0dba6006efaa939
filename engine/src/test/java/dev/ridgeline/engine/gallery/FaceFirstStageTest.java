package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.face.FaceCode;
import dev.ridgeline.engine.face.QuantizedFace;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The first stage's shortlist is exactly the {@code wanted} candidates a full sort by (code
 * distance, row) would keep, in row order: with a bound read from a sample, with a sample that
 * misleads the bound (so the scan runs again), and with candidates broken into short runs by a
 * filter and by rows that hold no face.
 */
class FaceFirstStageTest {

    private static final int DIMENSION = 512;
    private static final int WANTED = 1_000;

    /** A shard's faces and which row holds which slot (-1: a row with no face, such as a finger). */
    private record Shard(FaceBlock block, int[] faceSlots, RoaringBitmap faceRows) {
    }

    private static float[] random(Random random) {
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    /** {@code probe} turned by about {@code angle} radians in a random direction. */
    private static float[] near(float[] probe, double angle, Random random) {
        float[] noise = random(random);
        double probeNorm = Math.sqrt(dot(probe, probe));
        double noiseNorm = Math.sqrt(dot(noise, noise));
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) (Math.cos(angle) * probe[i] / probeNorm + Math.sin(angle) * noise[i] / noiseNorm);
        }
        return vector;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /**
     * {@code rows} rows; every {@code fingerEvery}-th holds no face (0: all faces). The first
     * {@code nearRows} faces lie close to {@code probe}, the rest anywhere.
     */
    private static Shard shard(int rows, int fingerEvery, float[] probe, int nearRows, Random random) {
        FaceBlock block = new FaceBlock();
        int[] faceSlots = new int[rows];
        RoaringBitmap faceRows = new RoaringBitmap();
        int faces = 0;
        for (int row = 0; row < rows; row++) {
            if (fingerEvery > 0 && row % fingerEvery == fingerEvery - 1) {
                faceSlots[row] = -1;
                continue;
            }
            float[] vector = faces++ < nearRows ? near(probe, 0.55 + 0.15 * random.nextDouble(), random) : random(random);
            faceSlots[row] = block.append(QuantizedFace.of(vector));
            faceRows.add(row);
        }
        return new Shard(block, faceSlots, faceRows);
    }

    /** The answer by brute force: every candidate's distance, sorted by distance then row. */
    private static int[] fullSort(Shard shard, RoaringBitmap candidates, long[] probeCode, int wanted) {
        FaceBlock.View view = shard.block().view();
        int[] rows = candidates.toArray();
        int[] distances = new int[shard.faceSlots().length];
        for (int row : rows) {
            int slot = shard.faceSlots()[row];
            distances[row] = FaceCode.distance(probeCode, view.segment(slot).codes(),
                    (slot & FaceBlock.SLOT_MASK) * FaceCode.LONGS);
        }
        return IntStream.of(rows).boxed()
                .sorted(Comparator.<Integer>comparingInt(row -> distances[row]).thenComparingInt(row -> row))
                .limit(wanted).mapToInt(Integer::intValue).sorted().toArray();
    }

    private static void assertExact(Shard shard, RoaringBitmap candidates, float[] probe) {
        long[] probeCode = FaceCode.of(probe);
        int[] shortlist = FaceFirstStage.shortlist(candidates, shard.faceSlots(), shard.block().view(), probeCode,
                WANTED, Cancellation.NEVER);
        assertThat(shortlist).containsExactly(fullSort(shard, candidates, probeCode, WANTED));
    }

    @Test
    void keepsExactlyTheClosestCandidatesWhenTheSampleSetsTheBound() {
        Random random = new Random(1);
        float[] probe = random(random);
        Shard shard = shard(120_000, 0, probe, 0, random);
        assertThat(shard.faceRows().getCardinality()).isGreaterThan(4 * FaceFirstStage.SAMPLE);
        assertExact(shard, shard.faceRows().clone(), probe);
        assertExact(shard, shard.faceRows().clone(), near(probe, 0.6, random));
    }

    @Test
    void scansAgainWhenTheSampleSetsTooTightABound() {
        Random random = new Random(2);
        float[] probe = random(random);
        // The whole sample lies close to the probe, so the bound falls among its distances and
        // keeps only about its wanted share of the sample: fewer than wanted in all.
        Shard shard = shard(100_000, 0, probe, FaceFirstStage.SAMPLE, random);
        assertExact(shard, shard.faceRows().clone(), probe);
    }

    @Test
    void followsCandidatesThroughFiltersAndRowsWithoutFaces() {
        Random random = new Random(3);
        float[] probe = random(random);
        Shard shard = shard(150_000, 7, probe, 0, random);
        RoaringBitmap candidates = shard.faceRows().clone();
        for (int row = 0; row < 150_000; row += 3) {
            candidates.remove(row); // a filter that breaks every run
        }
        candidates.remove(20_000L, 60_000L); // and a long gap
        assertExact(shard, candidates, probe);
        assertExact(shard, RoaringBitmap.bitmapOf(IntStream.range(0, 150_000)
                .filter(row -> shard.faceSlots()[row] >= 0 && row % 11 < 5).toArray()), probe);
        assertThat(Arrays.stream(shard.faceSlots()).filter(slot -> slot < 0).count()).isGreaterThan(0);
    }
}
