package dev.ridgeline.engine.finger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first stage's features and score on generated fingers. */
class PairVotingTest {

    private static final int FINGERS = 40;
    private static Minutiae[] enrolled;
    private static Minutiae[] probes;

    @BeforeAll
    static void generate() {
        SyntheticFingerprints generator = new SyntheticFingerprints(808);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(0);
        enrolled = new Minutiae[FINGERS];
        probes = new Minutiae[FINGERS];
        IntStream.range(0, 2 * FINGERS).parallel().forEach(i -> {
            Minutiae minutiae = FingerprintTemplates.minutiae(FingerprintTemplates.matchable(extractor.extract(
                    decoder.decode(generator.impressionPng(i / 2, i % 2)), 500, 0)));
            (i % 2 == 0 ? enrolled : probes)[i / 2] = minutiae;
        });
    }

    private static float score(Minutiae probe, Minutiae reference) {
        int[] pairs = MinutiaPairs.reference(reference);
        return PairVoting.of(probe).scorer().score(pairs, 0, pairs.length);
    }

    /** The same minutiae turned by {@code degrees} about the image origin and shifted. */
    private static Minutiae moved(Minutiae minutiae, double degrees, int dx, int dy) {
        double angle = Math.toRadians(degrees);
        int n = minutiae.count();
        int[] x = new int[n];
        int[] y = new int[n];
        double[] direction = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (int) Math.round(Math.cos(angle) * minutiae.x()[i] - Math.sin(angle) * minutiae.y()[i]) + dx;
            y[i] = (int) Math.round(Math.sin(angle) * minutiae.x()[i] + Math.cos(angle) * minutiae.y()[i]) + dy;
            direction[i] = minutiae.direction()[i] + angle;
        }
        return new Minutiae(x, y, direction);
    }

    @Test
    void aTurnedAndShiftedFingerStillScoresFarAboveEveryOther() {
        for (int finger = 0; finger < 10; finger++) {
            Minutiae turned = moved(enrolled[finger], 120, 300, -80);
            float self = score(turned, enrolled[finger]);
            float bestStranger = 0;
            for (int other = 0; other < FINGERS; other++) {
                if (other != finger) {
                    bestStranger = Math.max(bestStranger, score(turned, enrolled[other]));
                }
            }
            assertThat(self).as("finger %d", finger).isGreaterThan(2 * bestStranger);
        }
    }

    @Test
    void anotherImpressionOfTheFingerMostlyRanksFirst() {
        int first = 0;
        for (int finger = 0; finger < FINGERS; finger++) {
            int fingerIndex = finger;
            float mate = score(probes[finger], enrolled[finger]);
            long above = IntStream.range(0, FINGERS)
                    .filter(other -> other != fingerIndex && score(probes[fingerIndex], enrolled[other]) >= mate)
                    .count();
            first += above == 0 ? 1 : 0;
        }
        System.out.printf("first stage: %d of %d mates rank first among %d fingers%n", first, FINGERS, FINGERS);
        assertThat(first).isGreaterThanOrEqualTo(FINGERS * 8 / 10);
    }

    @Test
    void blocksOfCellsNeverScoreBelowSingleCellsAndAScorerForgetsEachReference() {
        PairVoting.Scorer scorer = PairVoting.of(probes[0]).scorer();
        int[][] references = IntStream.range(0, FINGERS).mapToObj(f -> MinutiaPairs.reference(enrolled[f]))
                .toArray(int[][]::new);
        float[] cells = new float[FINGERS];
        float[] blocks = new float[FINGERS];
        for (int f = 0; f < FINGERS; f++) {
            cells[f] = scorer.score(references[f], 0, references[f].length);
            blocks[f] = scorer.blockScore(references[f], 0, references[f].length);
            assertThat(blocks[f]).as("finger %d", f).isGreaterThanOrEqualTo(cells[f]);
        }
        assertThat(blocks).as("some stranger's votes fall in neighbouring cells").isNotEqualTo(cells);
        // Scored again in the opposite order, with the other score in between: nothing is left over.
        for (int f = FINGERS - 1; f >= 0; f--) {
            assertThat(scorer.blockScore(references[f], 0, references[f].length)).isEqualTo(blocks[f]);
            assertThat(scorer.score(references[f], 0, references[f].length)).isEqualTo(cells[f]);
        }
    }

    @Test
    void wideCellsAndBlocksKeepTogetherTheVotesOfAFingerWhoseMinutiaeMoved() {
        // Each minutia moved by up to 10 px and turned by up to 0.2 rad, as skin and extraction
        // move them between captures: the mate's votes scatter over neighbouring cells. Measured by
        // how far the mate stands above the best of the other fingers.
        Random random = new Random(5);
        double byCells = 0;
        double byBlocks = 0;
        for (int finger = 0; finger < FINGERS; finger++) {
            Minutiae minutiae = enrolled[finger];
            int n = minutiae.count();
            int[] x = new int[n];
            int[] y = new int[n];
            double[] direction = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = minutiae.x()[i] + random.nextInt(-JITTER, JITTER + 1);
                y[i] = minutiae.y()[i] + random.nextInt(-JITTER, JITTER + 1);
                direction[i] = minutiae.direction()[i] + random.nextDouble(-0.2, 0.2);
            }
            PairVoting.Scorer scorer = PairVoting.of(new Minutiae(x, y, direction)).scorer();
            float[] cells = new float[FINGERS];
            float[] blocks = new float[FINGERS];
            for (int other = 0; other < FINGERS; other++) {
                int[] pairs = MinutiaPairs.reference(enrolled[other]);
                cells[other] = scorer.score(pairs, 0, pairs.length);
                blocks[other] = scorer.blockScore(pairs, 0, pairs.length);
            }
            byCells += Math.log(cells[finger] / bestOther(cells, finger));
            byBlocks += Math.log(blocks[finger] / bestOther(blocks, finger));
        }
        System.out.printf("moved minutiae: mate over best stranger, geometric mean: by cells %.2f, by blocks %.2f%n",
                Math.exp(byCells / FINGERS), Math.exp(byBlocks / FINGERS));
        // A single grid of 24-pixel cells held the mate 1.98 times above the best stranger here;
        // the two offset grids of wide cells held it 3.66 times, blocks 3.02 times.
        assertThat(byCells).isGreaterThan(Math.log(2.5) * FINGERS);
        assertThat(byBlocks).isGreaterThan(Math.log(2.5) * FINGERS);
    }

    private static final int JITTER = 10;

    private static float bestOther(float[] scores, int mate) {
        float best = 0;
        for (int other = 0; other < scores.length; other++) {
            if (other != mate) {
                best = Math.max(best, scores[other]);
            }
        }
        return best;
    }

    @Test
    void referencePairsJoinNeighboursAndPackTheirGeometry() {
        for (Minutiae minutiae : enrolled) {
            int[] pairs = MinutiaPairs.reference(minutiae);
            assertThat(pairs.length).isBetween(minutiae.count(), minutiae.count() * MinutiaPairs.REFERENCE_NEIGHBOURS);
            for (int pair : pairs) {
                assertThat(MinutiaPairs.key(pair)).isBetween(0, MinutiaPairs.KEY_SPACE - 1);
                assertThat(MinutiaPairs.theta(pair)).isBetween(0, MinutiaPairs.TURN - 1);
                assertThat(Math.hypot(MinutiaPairs.frameX(pair), MinutiaPairs.frameY(pair)))
                        .as("a midpoint lies within the print").isLessThan(300);
            }
        }
    }
}
