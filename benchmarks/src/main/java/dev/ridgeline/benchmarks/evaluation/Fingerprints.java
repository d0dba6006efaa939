package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.template.TemplateEnvelope;

/**
 * The fingerprint modality as the service runs it: Ridgeline's decoder, SourceAFIS extraction,
 * the envelope round trip a stored template makes and the minimum-minutiae rule; SourceAFIS scores.
 */
final class Fingerprints {

    /** The matcher is built once per probe and shared by its candidates, as in the service. */
    static final Scoring<FingerprintTemplate> SCORING = probe -> new FingerprintMatcher(probe)::match;

    private Fingerprints() {
    }

    static TemplateExtractor<FingerprintTemplate> extractor(int dpi) {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE);
        return encoded -> {
            TemplateEnvelope envelope = extractor.extract(decoder.decode(encoded), dpi, 0);
            return FingerprintTemplates.matchable(TemplateEnvelope.parse(envelope.toBytes()));
        };
    }
}
