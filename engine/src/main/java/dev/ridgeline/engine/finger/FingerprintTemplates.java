package dev.ridgeline.engine.finger;

import com.machinezoo.fingerprintio.TemplateFormat;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Minutia;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Template;
import com.machinezoo.sourceafis.FingerprintCompatibility;
import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.finger.enhance.Enhancement;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.List;

/**
 * Fingerprint templating with SourceAFIS: grey pixels to an envelope, and an envelope back to
 * the matchable in-memory form. The only place that knows SourceAFIS's template format. An
 * optional image enhancement runs before extraction; its templates carry their own algorithm
 * version ({@link #algorithmVersion(Enhancement)}), so plain and enhanced templates refuse each other.
 */
public final class FingerprintTemplates {

    public static final String ALGORITHM = "sourceafis";
    /** SourceAFIS serializes per library version; we accept exactly the version we match with. */
    public static final String ALGORITHM_VERSION = FingerprintCompatibility.version();
    public static final int DEFAULT_DPI = 500;
    /** ISO/IEC 19794-2 directions count 256ths of a turn. */
    private static final double ISO_ANGLE_UNIT = 2 * Math.PI / 256;

    private final int minimumMinutiae;
    private final Enhancement enhancement;

    /**
     * @param minimumMinutiae fewer minutiae than this means the image holds no usable ridges
     *                        (blank, smudged or not a fingerprint)
     */
    public FingerprintTemplates(int minimumMinutiae) {
        this(minimumMinutiae, Enhancement.NONE);
    }

    /** @param enhancement done to each image before extraction; one that makes a single template */
    public FingerprintTemplates(int minimumMinutiae, Enhancement enhancement) {
        if (!enhancement.singleTemplate()) {
            throw new IllegalArgumentException(enhancement.id() + " makes two templates per capture; templating"
                    + " takes one of its views");
        }
        this.minimumMinutiae = minimumMinutiae;
        this.enhancement = enhancement;
    }

    /** The algorithm version of templates made with {@code enhancement}: SourceAFIS's own for none. */
    public static String algorithmVersion(Enhancement enhancement) {
        return ALGORITHM_VERSION + enhancement.versionSuffix();
    }

    public String algorithmVersion() {
        return algorithmVersion(enhancement);
    }

    /** A templated capture: its envelope (which stores the quality score) and the quality's measurements. */
    public record Capture(TemplateEnvelope envelope, FingerQuality quality) {
    }

    public TemplateEnvelope extract(GreyImage image, int dpi, int position) {
        return capture(image, dpi, position).envelope();
    }

    public Capture capture(GreyImage image, int dpi, int position) {
        int resolution = dpi == 0 ? DEFAULT_DPI : dpi;
        if (resolution < 100 || resolution > 2000) {
            throw EngineException.invalid("dpi must be between 100 and 2000, got " + dpi);
        }
        GreyImage prepared = enhancement.apply(image, resolution);
        FingerprintTemplate template = new FingerprintTemplate(new FingerprintImage(
                prepared.width(), prepared.height(), prepared.pixels(), new FingerprintImageOptions().dpi(resolution)));
        Minutiae found = minutiae(template);
        int minutiae = found.count();
        if (minutiae < minimumMinutiae) {
            throw EngineException.invalid("no usable ridges: the image yields " + minutiae
                    + " minutiae, at least " + minimumMinutiae + " are needed (is it a fingerprint at "
                    + resolution + " dpi?)");
        }
        // Quality reads the capture as taken: an enhanced image looks clean whatever the capture was.
        FingerQuality quality = FingerQuality.measure(image, resolution, found);
        return new Capture(new TemplateEnvelope(Modality.FINGERPRINT, ALGORITHM, algorithmVersion(), position,
                quality.score(), minutiae, template.toByteArray()), quality);
    }

    /** The envelope templating would have made of an image, for a serialized SourceAFIS template. */
    public static TemplateEnvelope envelopeOf(byte[] payload, int position) {
        FingerprintTemplate template;
        try {
            template = new FingerprintTemplate(payload);
        } catch (RuntimeException e) {
            throw EngineException.invalid("malformed template: the " + ALGORITHM + " payload cannot be read");
        }
        return new TemplateEnvelope(Modality.FINGERPRINT, ALGORITHM, ALGORITHM_VERSION, position, 0,
                countMinutiae(template), payload);
    }

    /** Turns an envelope into SourceAFIS's matchable form; done once, at enrollment or per probe. */
    public static FingerprintTemplate matchable(TemplateEnvelope envelope) {
        return matchable(envelope, Enhancement.NONE);
    }

    /** As {@link #matchable(TemplateEnvelope)}, for templates made with {@code enhancement}; others are refused. */
    public static FingerprintTemplate matchable(TemplateEnvelope envelope, Enhancement enhancement) {
        if (envelope.modality() != Modality.FINGERPRINT) {
            throw EngineException.invalid("template holds a " + envelope.modality() + ", not a fingerprint");
        }
        String expected = algorithmVersion(enhancement);
        if (!ALGORITHM.equals(envelope.algorithm()) || !expected.equals(envelope.algorithmVersion())) {
            throw EngineException.invalid("template was made by " + envelope.algorithm() + " "
                    + envelope.algorithmVersion() + "; this server matches " + ALGORITHM + " " + expected
                    + " templates only: re-extract it from the image");
        }
        try {
            return new FingerprintTemplate(envelope.payload());
        } catch (RuntimeException e) {
            throw EngineException.invalid("malformed template: the " + ALGORITHM + " payload cannot be read");
        }
    }

    static int countMinutiae(FingerprintTemplate template) {
        return minutiae(template).count();
    }

    /** The template's minutiae, read through its ISO/IEC 19794-2 export (image coordinates at 500 dpi). */
    public static Minutiae minutiae(FingerprintTemplate template) {
        byte[] iso = FingerprintCompatibility.exportTemplates(TemplateFormat.ISO_19794_2_2005, template);
        List<Iso19794p2v2005Minutia> read = new Iso19794p2v2005Template(iso, false).fingerprints.get(0).minutiae;
        int[] x = new int[read.size()];
        int[] y = new int[read.size()];
        double[] direction = new double[read.size()];
        for (int i = 0; i < read.size(); i++) {
            Iso19794p2v2005Minutia minutia = read.get(i);
            x[i] = minutia.positionX;
            y[i] = minutia.positionY;
            // ISO counts angles counter-clockwise with y pointing up; image rows run down.
            direction[i] = (256 - minutia.angle) % 256 * ISO_ANGLE_UNIT;
        }
        return new Minutiae(x, y, direction);
    }
}
