package dev.ridgeline.engine.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The shipped thresholds reproduce their FMR on impostors they were not derived from: generated
 * fingers of another seed, every pair compared. Tolerance: with E expected false matches the
 * observed count must lie within [E/2, 2E] where E >= 50, and at most 3E where E is smaller
 * (Poisson noise on a few counts is large).
 */
class FingerprintCalibrationTest {

    private static final int FINGERS = 450;
    private static final long HELD_OUT_SEED = 424242;
    private static final double[] POINTS = {1e-2, 1e-3, 1e-4};

    @Test
    void thresholdsReproduceTheirFmrOnHeldOutImpostors() {
        SyntheticFingerprints generator = new SyntheticFingerprints(HELD_OUT_SEED, 16);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(0);
        FingerprintTemplate[] templates = IntStream.range(0, FINGERS).parallel()
                .mapToObj(f -> FingerprintTemplates.matchable(
                        extractor.extract(decoder.decode(generator.impressionPng(f, 0)), 500, 0)))
                .toArray(FingerprintTemplate[]::new);
        ThresholdTable table = ThresholdTable.fingerprint();
        AtomicLongArray falseMatches = new AtomicLongArray(POINTS.length);
        IntStream.range(0, FINGERS).parallel().forEach(p -> {
            FingerprintMatcher matcher = new FingerprintMatcher(templates[p]);
            for (int c = p + 1; c < FINGERS; c++) {
                double score = matcher.match(templates[c]);
                for (int i = 0; i < POINTS.length; i++) {
                    if (score >= table.threshold(POINTS[i])) {
                        falseMatches.incrementAndGet(i);
                    }
                }
            }
        });
        long pairs = (long) FINGERS * (FINGERS - 1) / 2;
        for (int i = 0; i < POINTS.length; i++) {
            double expected = pairs * POINTS[i];
            long observed = falseMatches.get(i);
            if (expected >= 50) {
                assertThat((double) observed).as("false matches at FMR %s", POINTS[i]).isBetween(expected / 2, expected * 2);
            } else {
                assertThat((double) observed).as("false matches at FMR %s", POINTS[i]).isLessThanOrEqualTo(expected * 3);
            }
        }
    }
}
