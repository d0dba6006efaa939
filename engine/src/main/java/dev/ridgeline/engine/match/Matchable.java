package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.finger.CompactFinger;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;

/** A template in the form searches use, made once per enrollment or per probe sample. */
public sealed interface Matchable {

    /** The form a gallery keeps of a stored envelope. */
    static Matchable stored(TemplateEnvelope envelope) {
        return switch (envelope.modality()) {
            case FINGERPRINT -> Finger.of(envelope);
            case FACE -> new Face(FaceTemplates.FACEPLUGIN.vector(envelope), null);
        };
    }

    /** The form a probe scores with: a finger skips the compact form only galleries keep. */
    static Matchable probe(TemplateEnvelope envelope) {
        return switch (envelope.modality()) {
            case FINGERPRINT -> Finger.probe(envelope);
            case FACE -> new Face(FaceTemplates.FACEPLUGIN.vector(envelope), null);
        };
    }

    /**
     * A finger: deserialized once for SourceAFIS, and, when it is to be enrolled, in the compact
     * form a gallery keeps ({@code stored}, null for a probe: it never enters a gallery).
     */
    record Finger(int position, FingerprintTemplate template, CompactFinger stored) implements Matchable {

        /** The finger an envelope holds, ready to enroll (refused with a clear message when the payload is not SourceAFIS's). */
        public static Finger of(TemplateEnvelope envelope) {
            FingerprintTemplate template = FingerprintTemplates.matchable(envelope);
            return new Finger(envelope.position(), template, CompactFinger.of(template, envelope.payload()));
        }

        /** The finger an envelope holds, to probe with: without the compact form, which costs more than deserializing. */
        public static Finger probe(TemplateEnvelope envelope) {
            return new Finger(envelope.position(), FingerprintTemplates.matchable(envelope), null);
        }
    }

    /**
     * A face: the quantized vector a gallery stores and, for a photo, the extractor's own float32
     * vector (null for a template, which has only the quantized one).
     */
    record Face(QuantizedFace stored, float[] extracted) implements Matchable {

        /** The unit vector a probe scores with: the exact one when there is one. Made on demand, not at load. */
        public float[] probeVector() {
            return extracted != null ? extracted : stored.toFloats();
        }
    }
}
