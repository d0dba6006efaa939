package dev.ridgeline.engine.finger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.machinezoo.fingerprintio.TemplateFormat;
import com.machinezoo.sourceafis.FingerprintMatcher;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Image -> template -> ISO/ANSI record -> template still matches the finger, and nothing else. */
class StandardTemplatesTest {

    private static final SyntheticFingerprints GENERATOR = new SyntheticFingerprints(19794L);
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final FingerprintTemplates EXTRACTOR = new FingerprintTemplates(0);
    /** SourceAFIS's threshold at FMR 0.01%. */
    private static final double THRESHOLD = 40;

    private static TemplateEnvelope envelope(int finger, int impression, int position) {
        return EXTRACTOR.extract(DECODER.decode(GENERATOR.impressionPng(finger, impression)), 500, position);
    }

    private static double score(TemplateEnvelope probe, TemplateEnvelope candidate) {
        return new FingerprintMatcher(FingerprintTemplates.matchable(probe)).match(FingerprintTemplates.matchable(candidate));
    }

    /**
     * Records keep minutiae only (positions quantized, SourceAFIS's own edge data rebuilt on import),
     * so single scores move; what must hold is that the finger still matches as a rule and that
     * other fingers still do not.
     */
    @ParameterizedTest
    @EnumSource(StandardTemplates.Format.class)
    void aRoundTripThroughTheRecordStillMatchesTheFinger(StandardTemplates.Format format) {
        int fingers = 12;
        int nativeMatches = 0;
        int recordMatches = 0;
        for (int finger = 0; finger < fingers; finger++) {
            TemplateEnvelope enrolled = envelope(finger, 0, 7);
            byte[] record = StandardTemplates.export(enrolled, format);
            assertThat(TemplateFormat.identify(record).name()).isEqualTo(format.name());
            assertThat(StandardTemplates.isStandardRecord(record)).isTrue();

            TemplateEnvelope imported = StandardTemplates.importRecord(record, 0);
            assertThat(imported.position()).as("position written into the record").isEqualTo(7);
            assertThat(imported.featureCount()).isEqualTo(enrolled.featureCount());

            TemplateEnvelope live = envelope(finger, 1, 7);
            nativeMatches += score(live, enrolled) >= THRESHOLD ? 1 : 0;
            recordMatches += score(live, imported) >= THRESHOLD ? 1 : 0;
            assertThat(score(envelope(finger + 100, 1, 7), imported)).as("impostor through %s", format)
                    .isLessThan(THRESHOLD);
        }
        System.out.printf("%s: %d of %d genuine pairs match through the record, %d natively%n",
                format, recordMatches, fingers, nativeMatches);
        assertThat(nativeMatches).as("native genuine matches").isGreaterThanOrEqualTo(9);
        assertThat(recordMatches).as("genuine matches through %s", format).isGreaterThanOrEqualTo(nativeMatches - 2);
    }

    @ParameterizedTest
    @EnumSource(StandardTemplates.Format.class)
    void corruptRecordsAreInvalidInput(StandardTemplates.Format format) {
        byte[] record = StandardTemplates.export(envelope(1, 0, 2), format);
        byte[] truncated = Arrays.copyOf(record, record.length / 2);
        assertThatThrownBy(() -> StandardTemplates.importRecord(truncated, 0))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT))
                .hasMessageContaining("malformed " + format.name());
    }
}
