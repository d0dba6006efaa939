package dev.ridgeline.engine.finger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
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
