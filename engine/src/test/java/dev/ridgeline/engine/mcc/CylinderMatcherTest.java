package dev.ridgeline.engine.mcc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.Minutiae;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Minutia Cylinder-Code on generated fingers: mates apart from strangers, whatever the pose. */
class CylinderMatcherTest {

    private static final int FINGERS = 40;
    private static Minutiae[] enrolledMinutiae;
    private static CylinderCode[] enrolled;
    private static CylinderCode[] probes;

    @BeforeAll
    static void generate() {
        SyntheticFingerprints generator = new SyntheticFingerprints(909);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(0);
        enrolledMinutiae = new Minutiae[FINGERS];
        Minutiae[] probeMinutiae = new Minutiae[FINGERS];
        IntStream.range(0, 2 * FINGERS).parallel().forEach(i -> {
            Minutiae minutiae = FingerprintTemplates.minutiae(FingerprintTemplates.matchable(extractor.extract(
                    decoder.decode(generator.impressionPng(i / 2, i % 2)), 500, 0)));
            (i % 2 == 0 ? enrolledMinutiae : probeMinutiae)[i / 2] = minutiae;
        });
        enrolled = Arrays.stream(enrolledMinutiae).map(CylinderEncoder::encode).toArray(CylinderCode[]::new);
        probes = Arrays.stream(probeMinutiae).map(CylinderEncoder::encode).toArray(CylinderCode[]::new);
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
    void everyFingerYieldsCylinders() {
        for (CylinderCode code : enrolled) {
            assertThat(code.count()).isGreaterThan(5);
        }
    }

    /** Within the paper's rotation limit (minutiae more than δθ = 90 degrees apart never match). */
    @Test
    void aTurnedAndShiftedFingerScoresNearOneAndFarAboveEveryOther() {
        CylinderMatcher matcher = CylinderMatcher.standard();
        for (int finger = 0; finger < 10; finger++) {
            CylinderCode turned = CylinderEncoder.encode(moved(enrolledMinutiae[finger], 30, 250, -60));
            double self = matcher.score(turned, enrolled[finger]);
            double bestStranger = 0;
            for (int other = 0; other < FINGERS; other++) {
                if (other != finger) {
                    bestStranger = Math.max(bestStranger, matcher.score(turned, enrolled[other]));
                }
            }
            assertThat(self).as("finger %d", finger).isGreaterThan(0.7).isGreaterThan(2 * bestStranger);
        }
    }

    @Test
    void bothConsolidationsSeparateMatesFromStrangers() {
        for (CylinderMatcher.Consolidation consolidation : CylinderMatcher.Consolidation.values()) {
            CylinderMatcher matcher = new CylinderMatcher(consolidation);
            double[] mates = new double[FINGERS];
            double[] strangers = new double[FINGERS * (FINGERS - 1)];
            int s = 0;
            for (int probe = 0; probe < FINGERS; probe++) {
                for (int reference = 0; reference < FINGERS; reference++) {
                    double score = matcher.score(probes[probe], enrolled[reference]);
                    if (probe == reference) {
                        mates[probe] = score;
                    } else {
                        strangers[s++] = score;
                    }
                }
            }
            double highestStranger = Arrays.stream(strangers).max().orElseThrow();
            long matesAbove = Arrays.stream(mates).filter(score -> score > highestStranger).count();
            System.out.printf("MCC %s: %d of %d mates above the highest of %d strangers (%.3f); median mate %.3f%n",
                    consolidation, matesAbove, FINGERS, strangers.length, highestStranger,
                    Arrays.stream(mates).sorted().toArray()[FINGERS / 2]);
            // At zero false matches among 1,560 strangers most mates are still accepted.
            assertThat(matesAbove).as(consolidation.name()).isGreaterThanOrEqualTo(FINGERS * 7 / 10);
        }
    }

    @Test
    void scoresAreSymmetricEnoughAndBounded() {
        CylinderMatcher matcher = CylinderMatcher.standard();
        for (int finger = 0; finger < 5; finger++) {
            double forward = matcher.score(probes[finger], enrolled[finger]);
            assertThat(forward).isBetween(0.0, 1.0);
            assertThat(matcher.score(enrolled[finger], enrolled[finger])).isGreaterThan(0.9);
        }
    }
}
