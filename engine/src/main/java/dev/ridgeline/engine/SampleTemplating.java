package dev.ridgeline.engine;

import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.onnx.OpenCvFaceModel;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.StandardTemplates;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.ProbeFace;
import dev.ridgeline.engine.match.ProbeFingerQuality;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.QualityMinimum;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns samples into templates and templates into their matchable form, for both modalities.
 * Enrollment photos must hold exactly one face that passes the quality gate; probe photos pick
 * a face by the configured policy and are held to the gate's alignment limit only (a booth
 * decides on the score, and is told the probe face's quality).
 */
final class SampleTemplating implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SampleTemplating.class);
    /** Lists what is accepted, so a client holding another vendor's format learns what to send instead. */
    private static final String UNRECOGNISED_TEMPLATE = "malformed template: the bytes are none of the formats this server"
            + " reads: a Ridgeline template envelope, an ISO/IEC 19794-2 record (2005 or 2011), an ANSI INCITS 378"
            + " record (2004 or 2009), or ISO/IEC 19794-2 compact card minutiae (declared as ISO_19794_2_COMPACT_CARD,"
            + " as they have no header)";

    enum Use { ENROLLMENT, PROBE }

    /** A sample's envelope and its matchable form, made once per request. */
    record Templated(TemplateEnvelope envelope, Matchable matchable) {
    }

    private final ImageDecoder decoder;
    private final FingerprintTemplates fingerprints;
    private final QualityMinimum fingerMinimum;
    private final FaceSettings faceSettings;
    private final FaceTemplates faceTemplates = FaceTemplates.FACEPLUGIN;
    /** Null when the models could not be opened; {@link #faceUnavailable} says why. */
    private final FaceModel faceModel;
    private final String faceUnavailable;
    private final LongAdder imagesTemplated = new LongAdder();

    SampleTemplating(EngineConfig config) {
        this.decoder = new ImageDecoder(config.imageLimits());
        this.fingerprints = new FingerprintTemplates(config.minimumMinutiae());
        this.fingerMinimum = new QualityMinimum(Modality.FINGERPRINT, config.minimumFingerQuality());
        this.faceSettings = config.faces();
        FaceModel model = null;
        String unavailable = null;
        try {
            model = OpenCvFaceModel.open(faceSettings.modelDirectory(), config.imageLimits());
        } catch (RuntimeException | LinkageError e) {
            // Fingerprints never need the face models or OpenCV: serve them and refuse faces with the reason.
            unavailable = e.getMessage();
            LOG.warn("faces are disabled: {}", unavailable);
        }
        this.faceModel = model;
        this.faceUnavailable = unavailable;
    }

    boolean facesAvailable() {
        return faceModel != null;
    }

    long imagesTemplated() {
        return imagesTemplated.sum();
    }

    Templated templated(Sample sample, Use use) {
        if (sample.image() != null) {
            imagesTemplated.increment();
            return switch (sample.modality()) {
                case FINGERPRINT -> capturedFinger(fingerprints.extract(decoder.decode(sample.image()), sample.dpi(),
                        checkedPosition(sample.position())), use);
                case FACE -> face(sample.image(), use);
            };
        }
        if (sample.template() != null) {
            TemplateEnvelope envelope = supplied(sample);
            if (envelope.modality() == Modality.FINGERPRINT && envelope.position() == 0 && sample.position() != 0) {
                envelope = envelope.withPosition(checkedPosition(sample.position()));
            }
            return new Templated(envelope, matchable(envelope, use));
        }
        throw EngineException.invalid("sample holds neither an image nor a template");
    }

    /** The envelope of a supplied template: a Ridgeline envelope or a standard record, told apart by their bytes. */
    private static TemplateEnvelope supplied(Sample sample) {
        byte[] template = sample.template();
        if (StandardTemplates.isStandardRecord(template)) {
            return StandardTemplates.importRecord(template, checkedPosition(sample.position()));
        }
        if (template.length == 0 || TemplateEnvelope.isEnvelope(template)) {
            return TemplateEnvelope.parse(template);
        }
        throw EngineException.invalid(UNRECOGNISED_TEMPLATE);
    }

    /** The matchable form of a stored or supplied envelope; a probe finger skips the form only galleries keep. */
    private static Matchable matchable(TemplateEnvelope envelope, Use use) {
        return use == Use.ENROLLMENT ? Matchable.stored(envelope) : Matchable.probe(envelope);
    }

    /**
     * A finger templated from an image here, so its quality was measured: enrollment holds it to the
     * server's minimum. Supplied templates are not (an ISO/ANSI record or an older envelope has none).
     */
    private Templated capturedFinger(TemplateEnvelope envelope, Use use) {
        if (use == Use.ENROLLMENT) {
            fingerMinimum.check(envelope.quality());
        }
        return new Templated(envelope, matchable(envelope, use));
    }

    private Templated face(byte[] image, Use use) {
        if (faceModel == null) {
            throw new EngineException(EngineException.Kind.NOT_INSTALLED, "faces are not available on this server: "
                    + faceUnavailable);
        }
        FaceSelection selection = use == Use.ENROLLMENT ? FaceSelection.SINGLE : faceSettings.probeSelection();
        FaceCapture capture = faceModel.capture(image, selection);
        if (use == Use.ENROLLMENT) {
            faceSettings.qualityGate().check(capture.quality());
        } else {
            faceSettings.qualityGate().checkAligned(capture.quality());
        }
        TemplateEnvelope envelope = faceTemplates.envelope(capture);
        // The probe keeps the extractor's float32 vector; only what is stored is quantized.
        return new Templated(envelope, new Matchable.Face(faceTemplates.vector(envelope), capture.embedding()));
    }

    /** The quality of the face among a probe's templated samples, or null when it has none. */
    ProbeFace probeFace(List<Templated> probe) {
        return probe.stream().filter(sample -> sample.matchable() instanceof Matchable.Face)
                .map(face -> new ProbeFace(face.envelope().quality(), faceTemplates.outsideFraction(face.envelope())))
                .findFirst().orElse(null);
    }

    /** The quality of each finger among a probe's templated samples, in order. */
    static List<ProbeFingerQuality> probeFingers(List<Templated> probe) {
        return probe.stream().filter(sample -> sample.matchable() instanceof Matchable.Finger)
                .map(finger -> new ProbeFingerQuality(finger.envelope().position(), finger.envelope().quality())).toList();
    }

    private static int checkedPosition(int position) {
        if (position < 0 || position > 10) {
            throw EngineException.invalid("finger position must be 0 (unknown) or 1-10, got " + position);
        }
        return position;
    }

    @Override
    public void close() {
        if (faceModel != null) {
            faceModel.close();
        }
    }
}
