package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.finger.FingerQuality;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.Minutiae;
import dev.ridgeline.engine.finger.enhance.Enhancement;
import dev.ridgeline.engine.finger.enhance.SkeletonMinutiae;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.mcc.CylinderCode;
import dev.ridgeline.engine.mcc.CylinderEncoder;
import dev.ridgeline.engine.mcc.CylinderMatcher;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

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

    /**
     * A capture's cylinders from the minutiae of its Gabor-filtered image, found three ways: by
     * SourceAFIS, by Ridgeline's own skeleton extractor ({@link SkeletonMinutiae}), and by the
     * skeleton extractor after the print is scaled to the natural ridge period (so its cylinders
     * cover the same ridges whatever resolution the capture declared).
     */
    record FilteredCylinders(CylinderCode sourceafis, CylinderCode skeleton, CylinderCode naturalSkeleton) {
    }

    /**
     * Each template's {@link FilteredCylinders}, its sample read again and changed by {@code variant}
     * as the plain run's was; an empty code where SourceAFIS finds too few minutiae to enroll.
     */
    static Function<FingerprintTemplate, FilteredCylinders> filteredCylinders(int dpi, FingerVariant variant,
                                                                           TemplateSet<FingerprintTemplate> set) {
        TemplateExtractor<GreyImage> images = images(variant);
        // Fed the image filtered here, so SourceAFIS and the skeleton read one filtering: the same
        // minutiae the gabor lever's templating finds, with its minimum-minutiae rule.
        FingerprintTemplates extractor = new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE);
        return template -> {
            Path sample = set.sampleOf(template);
            GreyImage image;
            try {
                image = images.extract(Files.readAllBytes(sample));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + sample, e);
            }
            GreyImage filtered = Enhancement.GABOR.apply(image, dpi);
            CylinderCode sourceafis;
            try {
                sourceafis = cylinders(stored(extractor.extract(filtered, dpi, 0), Enhancement.NONE));
            } catch (EngineException refused) {
                sourceafis = CylinderEncoder.encode(new Minutiae(new int[0], new int[0], new double[0]));
            }
            return new FilteredCylinders(sourceafis, skeletonCylinders(filtered, dpi),
                    skeletonCylinders(Enhancement.RESCALE_UNIFORM_GABOR.apply(image, dpi), dpi));
        };
    }

    private static CylinderCode skeletonCylinders(GreyImage filtered, int dpi) {
        return CylinderEncoder.encode(SkeletonMinutiae.of(filtered, dpi));
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
        TemplateExtractor<FingerprintTemplates.Capture> captures = captures(dpi, FingerVariant.NATIVE);
        return encoded -> stored(captures.extract(encoded).envelope(), Enhancement.NONE);
    }

    /**
     * As {@link #extractor(int)}, each image changed by {@code variant} first, recording each
     * template's capture quality in {@code qualities} (thread-safe).
     */
    static TemplateExtractor<FingerprintTemplate> extractor(int dpi, FingerVariant variant,
                                                            Map<FingerprintTemplate, FingerQuality> qualities) {
        TemplateExtractor<FingerprintTemplates.Capture> captures = captures(dpi, variant);
        return encoded -> {
            FingerprintTemplates.Capture capture = captures.extract(encoded);
            FingerprintTemplate template = stored(capture.envelope(), Enhancement.NONE);
            qualities.put(template, capture.quality());
            return template;
        };
    }

    /** The matchable template after the envelope round trip a stored template makes, its version checked. */
    static FingerprintTemplate stored(TemplateEnvelope envelope, Enhancement enhancement) {
        return FingerprintTemplates.matchable(TemplateEnvelope.parse(envelope.toBytes()), enhancement);
    }

    static TemplateExtractor<CardFinger> cardExtractor(int dpi, FingerVariant variant, CardFormat format) {
        TemplateExtractor<FingerprintTemplates.Capture> captures = captures(dpi, variant);
        return encoded -> {
            TemplateEnvelope envelope = captures.extract(encoded).envelope();
            return new CardFinger(FingerprintTemplates.matchable(envelope),
                    FingerprintTemplates.matchable(format.throughCard(envelope)));
        };
    }

    /** Each sample's image as the extractor receives it: decoded, then changed by {@code variant}. */
    static TemplateExtractor<GreyImage> images(FingerVariant variant) {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        return encoded -> variant.apply(decoder.decode(encoded));
    }

    private static TemplateExtractor<FingerprintTemplates.Capture> captures(int dpi, FingerVariant variant) {
        TemplateExtractor<GreyImage> images = images(variant);
        FingerprintTemplates extractor = new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE);
        return encoded -> extractor.capture(images.extract(encoded), dpi, 0);
    }
}
