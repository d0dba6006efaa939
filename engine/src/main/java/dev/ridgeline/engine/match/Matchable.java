package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.face.QuantizedFace;

/** A template in the form searches use, made once per enrollment or per probe sample. */
public sealed interface Matchable {

    /** Heap this form holds, for gallery memory figures. */
    long memory();

    /** A finger ready for SourceAFIS: deserialized once, never inside a search loop. */
    record Finger(int position, FingerprintTemplate template) implements Matchable {
        @Override
        public long memory() {
            return template.memory();
        }
    }

    /**
     * A face: the quantized vector a gallery stores, and the float32 unit vector a probe scores
     * with (the extractor's own output for a photo; the dequantized vector for a template).
     */
    record Face(QuantizedFace stored, float[] probe) implements Matchable {
        @Override
        public long memory() {
            return QuantizedFace.HEADER_BYTES + stored.dimension();
        }
    }
}
