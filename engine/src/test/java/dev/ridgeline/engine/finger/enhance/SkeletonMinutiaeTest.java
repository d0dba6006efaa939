package dev.ridgeline.engine.finger.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.finger.Captures;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.Minutiae;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.mcc.CylinderCode;
import dev.ridgeline.engine.mcc.CylinderEncoder;
import dev.ridgeline.engine.mcc.CylinderMatcher;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Ridgeline's own minutiae from a filtered print: drawn ridges whose one ending and one fork are
 * known, and generated fingers, where they must agree with SourceAFIS's minutiae of the same
 * filtered image and tell a finger's impressions from other fingers through cylinder codes.
 */
class SkeletonMinutiaeTest {

    private static final int SIZE = 200;
    private static final byte PRINT = (byte) 200;
    private static final byte RIDGE = (byte) 40;
    private static final double DEGREES_10 = Math.toRadians(10);

    @Test
    void aRidgeEndingInsideThePrintIsFoundPointingIntoItsRidgeAndEndsAtTheEdgeAreNot() {
        byte[] pixels = blank();
        for (int ridge = 20; ridge < SIZE - 10; ridge += 10) {
            // Every ridge crosses the whole image but the one at 100, which ends half way.
            line(pixels, 0, ridge, ridge == 100 ? 100 : SIZE - 1, ridge);
        }

        Minutiae found = SkeletonMinutiae.of(new GreyImage(SIZE, SIZE, pixels), 500);

        assertThat(found.count()).as("only the ending inside the print: the ridges' ends at the edge are not minutiae")
                .isEqualTo(1);
        assertThat(found.x()[0]).isBetween(96, 102);
        assertThat(found.y()[0]).isBetween(98, 102);
        assertThat(angle(found.direction()[0], Math.PI)).as("into its ridge, which lies to the left").isLessThan(DEGREES_10);
    }

    @Test
    void aForkIsFoundPointingFromItsStemIntoTheFork() {
        byte[] pixels = blank();
        line(pixels, 0, 100, 100, 100);
        line(pixels, 100, 100, SIZE - 1, 100 - 45);
        line(pixels, 100, 100, SIZE - 1, 100 + 45);

        Minutiae found = SkeletonMinutiae.of(new GreyImage(SIZE, SIZE, pixels), 500);

        assertThat(found.count()).isEqualTo(1);
        assertThat(Math.hypot(found.x()[0] - 100, found.y()[0] - 100)).as("thinning moves a fork a few pixels").isLessThan(6);
        assertThat(angle(found.direction()[0], 0)).as("from the stem on the left into the fork on the right")
                .isLessThan(Math.toRadians(15));
    }

    @Test
    void theEdgeMarginAndThePositionsFollowTheResolution() {
        byte[] pixels = blank();
        // Outside the print (pure white, as the filter paints it) from x = 120 on: the ridge at 100
        // ends 18 px from the print's edge, farther than 12 px (500 dpi) and nearer than 24 (1000 dpi).
        for (int y = 0; y < SIZE; y++) {
            Arrays.fill(pixels, y * SIZE + 120, (y + 1) * SIZE, (byte) 255);
        }
        for (int ridge = 20; ridge < SIZE - 10; ridge += 10) {
            line(pixels, 0, ridge, ridge == 100 ? 100 : 119, ridge);
        }
        GreyImage image = new GreyImage(SIZE, SIZE, pixels);

        Minutiae at500 = SkeletonMinutiae.of(image, 500);
        assertThat(at500.count()).as("18 px inside the print at 500 dpi").isEqualTo(1);
        assertThat(SkeletonMinutiae.of(image, 1000).count()).as("the same 18 px are half as far at 1000 dpi").isZero();
        // Read as 400 dpi, the image's pixels are 1.25 times as large: positions come in 500 dpi pixels.
        Minutiae at400 = SkeletonMinutiae.of(image, 400);
        assertThat(at400.count()).isEqualTo(1);
        assertThat(at400.x()[0]).isCloseTo((int) Math.round(at500.x()[0] * 1.25), within(1));
    }

    @Test
    void onGeneratedFingersTheyAgreeWithSourceAfisAndTellImpressionsOfAFingerFromOtherFingers() {
        SyntheticFingerprints generator = new SyntheticFingerprints(4242);
        int fingers = 6;
        CylinderCode[][] codes = new CylinderCode[fingers][2];
        int agreeing = 0;
        int total = 0;
        for (int finger = 0; finger < fingers; finger++) {
            for (int impression = 0; impression < 2; impression++) {
                GreyImage filtered = Enhancement.GABOR.apply(Captures.grey(generator.impression(finger, impression)), 500);
                Minutiae own = SkeletonMinutiae.of(filtered, 500);
                Minutiae sourceafis = FingerprintTemplates.minutiae(new FingerprintTemplate(new FingerprintImage(
                        filtered.width(), filtered.height(), filtered.pixels(), new FingerprintImageOptions().dpi(500))));
                agreeing += agreeing(own, sourceafis);
                total += own.count();
                codes[finger][impression] = CylinderEncoder.encode(own);
            }
        }
        assertThat(total).as("minutiae found over %d prints", 2 * fingers).isGreaterThan(20 * fingers);
        assertThat((double) agreeing / total).as("share with a SourceAFIS minutia within 8 px and 30 degrees")
                .isGreaterThan(0.6);

        // Finger 0's two impressions share too little for any matcher (cylinders of SourceAFIS's own
        // minutiae rank a stranger above its mate too); the others must find their mate first.
        CylinderMatcher matcher = CylinderMatcher.standard();
        int separated = 0;
        for (int finger = 0; finger < fingers; finger++) {
            double mate = matcher.score(codes[finger][0], codes[finger][1]);
            double bestStranger = 0;
            for (int other = 0; other < fingers; other++) {
                if (other != finger) {
                    bestStranger = Math.max(bestStranger, matcher.score(codes[finger][0], codes[other][1]));
                }
            }
            separated += mate > bestStranger ? 1 : 0;
        }
        assertThat(separated).as("fingers whose mate outscores every stranger").isGreaterThanOrEqualTo(fingers - 1);
    }

    private static int agreeing(Minutiae own, Minutiae reference) {
        int agreeing = 0;
        for (int i = 0; i < own.count(); i++) {
            for (int j = 0; j < reference.count(); j++) {
                if (Math.hypot(own.x()[i] - reference.x()[j], own.y()[i] - reference.y()[j]) <= 8
                        && angle(own.direction()[i], reference.direction()[j]) <= Math.toRadians(30)) {
                    agreeing++;
                    break;
                }
            }
        }
        return agreeing;
    }

    private static double angle(double a, double b) {
        double difference = Math.abs(a - b) % (2 * Math.PI);
        return difference > Math.PI ? 2 * Math.PI - difference : difference;
    }

    /** A filtered print as ContextualFilter paints it: all print (no pure white), no ridges yet. */
    private static byte[] blank() {
        byte[] pixels = new byte[SIZE * SIZE];
        Arrays.fill(pixels, PRINT);
        return pixels;
    }

    /** A dark ridge four pixels wide from (x0, y0) to (x1, y1). */
    private static void line(byte[] pixels, int x0, int y0, int x1, int y1) {
        int steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
        for (int step = 0; step <= steps; step++) {
            double x = x0 + (x1 - x0) * (double) step / steps;
            double y = y0 + (y1 - y0) * (double) step / steps;
            for (int dy = -2; dy < 2; dy++) {
                for (int dx = -2; dx < 2; dx++) {
                    int px = (int) Math.round(x) + dx;
                    int py = (int) Math.round(y) + dy;
                    if (px >= 0 && py >= 0 && px < SIZE && py < SIZE) {
                        pixels[py * SIZE + px] = RIDGE;
                    }
                }
            }
        }
    }
}
