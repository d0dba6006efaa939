package dev.ridgeline.engine.finger.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.finger.Captures;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.opencv.GreyMats;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The enhancement levers on generated fingerprints (ridges 8-11 px apart at 500 dpi, as real
 * adult fingers): the period they measure, what rescaling does to a stretched capture, what the
 * Gabor filter keeps, and that enhanced and plain templates refuse each other.
 */
class EnhancementTest {

    private static final SyntheticFingerprints GENERATOR = new SyntheticFingerprints(4242);
    private static final int FINGERS = 4;

    private static GreyImage impression(int finger, int impression) {
        return Captures.grey(GENERATOR.impression(finger, impression));
    }

    private static GreyImage scaled(GreyImage image, double x, double y) {
        return GreyMats.resize(image, (int) Math.round(image.width() * x), (int) Math.round(image.height() * y));
    }

    @Test
    void ridgePeriodIsNaturalAndFollowsAResize() {
        double stretchSeen = 0;
        for (int finger = 0; finger < FINGERS; finger++) {
            GreyImage image = impression(finger, 0);
            RidgeSpacing.Spacing original = RidgeSpacing.measure(image);
            assertThat(original.found()).isTrue();
            assertThat(original.period()).as("finger %d", finger).isBetween(8.0, 11.0);
            assertThat(original.periodY() / original.periodX()).as("finger %d aspect", finger)
                    .isBetween(1 / PeriodRescale.NATURAL_ASPECT, PeriodRescale.NATURAL_ASPECT);

            RidgeSpacing.Spacing larger = RidgeSpacing.measure(scaled(image, 1.3, 1.3));
            assertThat(larger.period() / original.period()).as("finger %d x1.3", finger).isCloseTo(1.3, within(0.07));

            // Stretched along y only: the ridges running across y spread, those across x do not.
            RidgeSpacing.Spacing stretched = RidgeSpacing.measure(scaled(image, 1, 1.35));
            stretchSeen += stretched.periodY() / stretched.periodX() / (original.periodY() / original.periodX());
        }
        // One finger in four may be an arch, whose ridges all run one way and cannot show an aspect.
        assertThat(stretchSeen / FINGERS).isCloseTo(1.35, within(0.15));
    }

    @Test
    void aBlankImageHasNoPeriodAndIsLeftAsItIs() {
        byte[] white = new byte[300 * 300];
        Arrays.fill(white, (byte) 255);
        GreyImage blank = new GreyImage(300, 300, white);
        RidgeSpacing.Spacing spacing = RidgeSpacing.measure(blank);
        assertThat(spacing.found()).isFalse();
        assertThat(PeriodRescale.toNatural(blank, spacing, 500, true).image()).isSameAs(blank);
        assertThat(PeriodRescale.isOutlier(spacing, 500)).isFalse();
    }

    @Test
    void rescalingBringsAStretchedCaptureBackToItsMate() {
        // Fingers whose two impressions overlap well enough to match unstretched (finger 0's barely do).
        int[] mated = {1, 2, 3};
        assertThat(Arrays.stream(genuineScores(Enhancement.NONE, UnaryOperator.identity(), UnaryOperator.identity(),
                mated)).min().orElseThrow()).isGreaterThan(30);
        UnaryOperator<GreyImage> stretch = image -> scaled(image, 0.8, 1.2);
        double[] plain = genuineScores(Enhancement.NONE, UnaryOperator.identity(), stretch, mated);
        double[] rescaled = genuineScores(Enhancement.RESCALE, UnaryOperator.identity(), stretch, mated);
        for (int i = 0; i < mated.length; i++) {
            assertThat(rescaled[i]).as("finger %d: %.1f stretched", mated[i], plain[i]).isGreaterThan(plain[i]);
        }
        assertThat(Arrays.stream(rescaled).sum()).isGreaterThan(2 * Arrays.stream(plain).sum());
    }

    @Test
    void rescalingOutliersLeavesNaturalPrintsAlone() {
        GreyImage image = impression(1, 0);
        assertThat(PeriodRescale.isOutlier(RidgeSpacing.measure(image), 500)).isFalse();
        assertThat(Enhancement.RESCALE_OUTLIERS.apply(image, 500)).isSameAs(image);
        GreyImage shrunk = scaled(image, 0.7, 0.7);
        assertThat(PeriodRescale.isOutlier(RidgeSpacing.measure(shrunk), 500)).isTrue();
        GreyImage restored = Enhancement.RESCALE_OUTLIERS.apply(shrunk, 500);
        assertThat(RidgeSpacing.measure(restored).period()).isCloseTo(PeriodRescale.naturalPeriod(500), within(0.8));
    }

    @Test
    void gaborOutputIsWhiteOffThePrintAndKeepsGenuineScores() {
        int[] fingers = {0, 1, 2, 3};
        double plain = Arrays.stream(genuineScores(Enhancement.NONE, image -> Captures.noisy(image, 35, 1),
                image -> Captures.noisy(image, 35, 2), fingers)).sum();
        double gabor = Arrays.stream(genuineScores(Enhancement.GABOR, image -> Captures.noisy(image, 35, 1),
                image -> Captures.noisy(image, 35, 2), fingers)).sum();
        assertThat(gabor).as("genuine scores of noisy captures, plain %.1f", plain).isGreaterThanOrEqualTo(plain);

        // A print on a wide, noisy background: nothing is drawn outside the print.
        GreyImage print = impression(2, 0);
        GreyImage framed = Captures.noisy(framed(print, 96), 6, 5);
        GreyImage filtered = Enhancement.GABOR.apply(framed, 500);
        assertThat(filtered.width()).isEqualTo(framed.width());
        int border = 0;
        int white = 0;
        for (int y = 0; y < filtered.height(); y++) {
            for (int x = 0; x < 64; x++) {
                border++;
                white += (filtered.pixels()[y * filtered.width() + x] & 0xFF) == 255 ? 1 : 0;
            }
        }
        assertThat(white).isEqualTo(border);
        // Inside, ridges and valleys span the grey range.
        int[] histogram = new int[256];
        for (int y = 96 + 100; y < 96 + 200; y++) {
            for (int x = 96 + 100; x < 96 + 200; x++) {
                histogram[filtered.pixels()[y * filtered.width() + x] & 0xFF]++;
            }
        }
        assertThat(Arrays.stream(histogram, 0, 96).sum()).isGreaterThan(1000);
        assertThat(Arrays.stream(histogram, 160, 256).sum()).isGreaterThan(1000);
    }

    /** The print in the middle of a frame {@code margin} pixels wide, as light as its own background. */
    private static GreyImage framed(GreyImage print, int margin) {
        int width = print.width() + 2 * margin;
        int height = print.height() + 2 * margin;
        byte[] pixels = new byte[width * height];
        Arrays.fill(pixels, (byte) 240);
        for (int y = 0; y < print.height(); y++) {
            System.arraycopy(print.pixels(), y * print.width(), pixels, (y + margin) * width + margin, print.width());
        }
        return new GreyImage(width, height, pixels);
    }

    @Test
    void plainAndEnhancedTemplatesRefuseEachOther() {
        GreyImage image = impression(0, 0);
        TemplateEnvelope plain = new FingerprintTemplates(0).extract(image, 500, 1);
        TemplateEnvelope gabor = new FingerprintTemplates(0, Enhancement.GABOR).extract(image, 500, 1);
        assertThat(gabor.algorithmVersion()).isEqualTo(FingerprintTemplates.ALGORITHM_VERSION + "+gabor");

        assertThatThrownBy(() -> FingerprintTemplates.matchable(plain, Enhancement.GABOR))
                .isInstanceOf(EngineException.class).hasMessageContaining("re-extract");
        assertThatThrownBy(() -> FingerprintTemplates.matchable(gabor))
                .isInstanceOf(EngineException.class).hasMessageContaining(FingerprintTemplates.ALGORITHM_VERSION + "+gabor");
        assertThat(FingerprintTemplates.matchable(gabor, Enhancement.GABOR)).isNotNull();
        assertThat(FingerprintTemplates.matchable(plain)).isNotNull();
    }

    @Test
    void noEnhancementIsTodaysExtractionBitForBit() {
        GreyImage image = impression(3, 2);
        TemplateEnvelope none = new FingerprintTemplates(0, Enhancement.NONE).extract(image, 500, 0);
        byte[] direct = new FingerprintTemplate(new FingerprintImage(image.width(), image.height(), image.pixels(),
                new FingerprintImageOptions().dpi(500))).toByteArray();
        assertThat(none.payload()).isEqualTo(direct);
        assertThat(none.algorithmVersion()).isEqualTo(FingerprintTemplates.ALGORITHM_VERSION);
    }

    @Test
    void twoTemplateLeversAreForEvaluationOnly() {
        assertThatThrownBy(() -> new FingerprintTemplates(0, Enhancement.PLAIN_OR_GABOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Enhancement.PLAIN_OR_GABOR.views()).containsExactly(Enhancement.NONE, Enhancement.GABOR);
        for (Enhancement lever : Enhancement.values()) {
            assertThat(Enhancement.parse(lever.id())).isEqualTo(lever);
        }
        assertThat(Enhancement.RESCALE_OUTLIERS_GABOR.id()).isEqualTo("rescale-outliers-gabor");
        assertThatThrownBy(() -> Enhancement.parse("sharpen")).hasMessageContaining("gabor");
    }

    /**
     * For each finger, SourceAFIS's score of impression 1 (changed by {@code probe}) against
     * impression 0 (changed by {@code enrolled}), both templated with {@code enhancement} through the stored envelope.
     */
    private static double[] genuineScores(Enhancement enhancement, UnaryOperator<GreyImage> enrolled,
                                          UnaryOperator<GreyImage> probe, int[] fingers) {
        FingerprintTemplates templates = new FingerprintTemplates(0, enhancement);
        double[] scores = new double[fingers.length];
        for (int i = 0; i < fingers.length; i++) {
            FingerprintTemplate candidate = FingerprintTemplates.matchable(
                    templates.extract(enrolled.apply(impression(fingers[i], 0)), 500, 0), enhancement);
            FingerprintTemplate live = FingerprintTemplates.matchable(
                    templates.extract(probe.apply(impression(fingers[i], 1)), 500, 0), enhancement);
            scores[i] = new FingerprintMatcher(live).match(candidate);
        }
        return scores;
    }
}
