package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.finger.CompactFinger;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;

/** A template in the form searches use, made once per enrollment or per probe sample. */
public sealed interface Matchable {

    /**
     * A finger: deserialized once for SourceAFIS when it probes, and in the compact form a
     * gallery keeps when it is enrolled.
     */
    record Finger(int position, FingerprintTemplate template, CompactFinger stored) implements Matchable {

        /** The finger an envelope holds (refused with a clear message when the payload is not SourceAFIS's). */
        public static Finger of(TemplateEnvelope envelope) {
            FingerprintTemplate template = FingerprintTemplates.matchable(envelope);
            return new Finger(envelope.position(), template, CompactFinger.of(template, envelope.payload()));
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
