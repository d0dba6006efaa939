package dev.ridgeline.engine.finger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import org.junit.jupiter.api.Test;

/**
 * The capture quality ranks a generated finger above the same capture degraded the ways a booth
 * degrades it: sensor noise, a smeared (blurred) print, a fingertip-only contact. And the score
 * is what the template envelope stores.
 */
class FingerQualityTest {

    private static final SyntheticFingerprints GENERATOR = new SyntheticFingerprints(2121);
    private static final FingerprintTemplates EXTRACTOR = new FingerprintTemplates(0);

    @Test
    void degradedCapturesScoreBelowTheCleanOne() {
        for (int finger = 0; finger < 3; finger++) {
            GreyImage clean = Captures.grey(GENERATOR.impression(finger, 0));
            int cleanScore = quality(clean).score();
            assertThat(cleanScore).as("finger %d clean", finger).isGreaterThanOrEqualTo(50);
            assertThat(quality(Captures.noisy(clean, 70, 7)).score()).as("finger %d noisy", finger)
                    .isLessThan(cleanScore - 15);
            assertThat(quality(blurred(clean, 4)).score()).as("finger %d blurred", finger).isLessThan(cleanScore - 15);
            assertThat(quality(tipOnly(clean, 0.25)).score()).as("finger %d tip only", finger).isLessThan(cleanScore - 15);
        }
    }

    @Test
    void theEnvelopeStoresTheScore() {
        GreyImage clean = Captures.grey(GENERATOR.impression(5, 1));
        FingerprintTemplates.Capture capture = EXTRACTOR.capture(clean, 500, 3);
        assertThat(capture.envelope().quality()).isEqualTo(capture.quality().score()).isPositive();
        assertThat(EXTRACTOR.extract(clean, 500, 3).quality()).isEqualTo(capture.quality().score());
    }

    @Test
    void minutiaAreaIsTheirConvexHull() {
        // A 100 x 100 square with one minutia inside it: the hull is the square.
        Minutiae square = new Minutiae(new int[] {0, 100, 100, 0, 50}, new int[] {0, 0, 100, 100, 40}, new double[5]);
        assertThat(square.convexHullArea()).isCloseTo(10_000, within(1e-9));
        assertThat(new Minutiae(new int[] {0, 5}, new int[] {0, 5}, new double[2]).convexHullArea()).isZero();
    }

    private static FingerQuality quality(GreyImage image) {
        return EXTRACTOR.capture(image, 500, 0).quality();
    }

    /** A box blur of the given radius, applied twice (close to a Gaussian): ridges smear into valleys. */
    private static GreyImage blurred(GreyImage image, int radius) {
        return boxBlur(boxBlur(image, radius), radius);
    }

    private static GreyImage boxBlur(GreyImage image, int radius) {
        int width = image.width();
        int height = image.height();
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                int count = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                            sum += image.pixels()[yy * width + xx] & 0xFF;
                            count++;
                        }
                    }
                }
                out[y * width + x] = (byte) (sum / count);
            }
        }
        return new GreyImage(width, height, out);
    }

    /** Only the top {@code share} of the image touched the sensor; the rest is blank background. */
    private static GreyImage tipOnly(GreyImage image, double share) {
        byte[] out = image.pixels().clone();
        for (int i = (int) (share * image.height()) * image.width(); i < out.length; i++) {
            out[i] = (byte) 255;
        }
        return new GreyImage(image.width(), image.height(), out);
    }
}
