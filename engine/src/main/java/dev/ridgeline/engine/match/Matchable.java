package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.face.QuantizedFace;

/** A template in the form searches use, made once per enrollment or per probe sample. */
public sealed interface Matchable {

    /** A finger ready for SourceAFIS: deserialized once, never inside a search loop. */
    record Finger(int position, FingerprintTemplate template) implements Matchable {
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
