package dev.ridgeline.engine.finger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.machinezoo.sourceafis.FingerprintMatcher;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import org.junit.jupiter.api.Test;

class CompactCardTemplateTest {

    private static final SyntheticFingerprints GENERATOR = new SyntheticFingerprints(78161L);
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final FingerprintTemplates EXTRACTOR = new FingerprintTemplates(0);
    private static final double THRESHOLD = 40;

    private static TemplateEnvelope envelope(int finger, int impression) {
        return EXTRACTOR.extract(DECODER.decode(GENERATOR.impressionPng(finger, impression)), 500, 3);
    }

    private static double score(TemplateEnvelope probe, TemplateEnvelope candidate) {
        return new FingerprintMatcher(FingerprintTemplates.matchable(probe)).match(FingerprintTemplates.matchable(candidate));
    }

    @Test
    void cardsHoldThreeBytesPerMinutiaUpToTheCap() {
        for (int finger = 0; finger < 8; finger++) {
            TemplateEnvelope enrolled = envelope(finger, 0);
            byte[] card = CompactCardTemplate.export(enrolled, CompactCardTemplate.DEFAULT_MAX_MINUTIAE);
            assertThat(card.length % 3).isZero();
            assertThat(card.length / 3).isEqualTo(Math.min(enrolled.featureCount(), CompactCardTemplate.DEFAULT_MAX_MINUTIAE));
            assertThat(card.length).isLessThanOrEqualTo(180);
            assertThat(CompactCardTemplate.export(enrolled, 20)).hasSize(Math.min(enrolled.featureCount(), 20) * 3);
            assertThat(CompactCardTemplate.importCard(card, 3).position()).isEqualTo(3);
        }
    }

    @Test
    void aLiveCaptureStillMatchesItsCompactCard() {
        int fingers = 12;
        int nativeMatches = 0;
        int cardMatches = 0;
        for (int finger = 0; finger < fingers; finger++) {
            TemplateEnvelope enrolled = envelope(finger, 0);
            TemplateEnvelope card = CompactCardTemplate.importCard(
                    CompactCardTemplate.export(enrolled, CompactCardTemplate.DEFAULT_MAX_MINUTIAE), 3);
            TemplateEnvelope live = envelope(finger, 1);
            nativeMatches += score(live, enrolled) >= THRESHOLD ? 1 : 0;
            cardMatches += score(live, card) >= THRESHOLD ? 1 : 0;
            assertThat(score(envelope(finger + 200, 1), card)).as("another finger against card %d", finger)
                    .isLessThan(THRESHOLD);
        }
        System.out.printf("compact card: %d of %d genuine pairs match, %d natively%n", cardMatches, fingers, nativeMatches);
        assertThat(cardMatches).isGreaterThanOrEqualTo(nativeMatches - 3);
    }

    @Test
    void bytesThatAreNoWholeMinutiaeAreRefused() {
        assertThatThrownBy(() -> CompactCardTemplate.importCard(new byte[7], 0))
                .hasMessageContaining("malformed compact card template: 7 bytes");
        assertThatThrownBy(() -> CompactCardTemplate.importCard(new byte[0], 0))
                .hasMessageContaining("malformed compact card template");
    }
}
