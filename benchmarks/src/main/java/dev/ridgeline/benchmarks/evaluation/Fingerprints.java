package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.mcc.CylinderCode;
import dev.ridgeline.engine.mcc.CylinderEncoder;
import dev.ridgeline.engine.mcc.CylinderMatcher;
import dev.ridgeline.engine.template.TemplateEnvelope;

/**
 * The fingerprint modality as the service runs it: Ridgeline's decoder, SourceAFIS extraction,
 * the envelope round trip a stored template makes and the minimum-minutiae rule; SourceAFIS scores.
 */
final class Fingerprints {

    /** The matcher is built once per probe and shared by its candidates, as in the service. */
    static final Scoring<FingerprintTemplate> SCORING = probe -> new FingerprintMatcher(probe)::match;

    /** Minutia Cylinder-Code, the second matcher: cylinders are made once per template, as at enrollment. */
    static Scoring<CylinderCode> cylinderScoring(CylinderMatcher matcher) {
        return probe -> candidate -> matcher.score(probe, candidate);
    }

    /** A template's cylinders, from the minutiae SourceAFIS found. */
    static CylinderCode cylinders(FingerprintTemplate template) {
        return CylinderEncoder.encode(FingerprintTemplates.minutiae(template));
    }

    /** A live capture (the probe's image template) against the template a card carries (the candidate's record). */
    static final Scoring<CardFinger> LIVE_AGAINST_CARD = probe -> {
        FingerprintMatcher live = new FingerprintMatcher(probe.live());
        return candidate -> live.match(candidate.card());
    };

    /** One sample as a booth meets it: its template from the image, and from the standard record a card would carry. */
    record CardFinger(FingerprintTemplate live, FingerprintTemplate card) {
    }

    private Fingerprints() {
    }

    static TemplateExtractor<FingerprintTemplate> extractor(int dpi) {
        TemplateExtractor<TemplateEnvelope> envelopes = envelopes(dpi);
        return encoded -> FingerprintTemplates.matchable(TemplateEnvelope.parse(envelopes.extract(encoded).toBytes()));
    }

    static TemplateExtractor<CardFinger> cardExtractor(int dpi, CardFormat format) {
        TemplateExtractor<TemplateEnvelope> envelopes = envelopes(dpi);
        return encoded -> {
            TemplateEnvelope envelope = envelopes.extract(encoded);
            return new CardFinger(FingerprintTemplates.matchable(envelope),
                    FingerprintTemplates.matchable(format.throughCard(envelope)));
        };
    }

    private static TemplateExtractor<TemplateEnvelope> envelopes(int dpi) {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE);
        return encoded -> extractor.extract(decoder.decode(encoded), dpi, 0);
    }
}
