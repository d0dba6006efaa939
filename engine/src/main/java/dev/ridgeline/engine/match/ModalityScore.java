package dev.ridgeline.engine.match;

import dev.ridgeline.engine.template.Modality;
import java.io.Serializable;

/**
 * The evidence one modality gave for a subject: its raw score on its own scale (SourceAFIS
 * score for fingers, cosine for faces) and, for fingers, the pair that gave it.
 */
public record ModalityScore(Modality modality, double score, int probePosition, int referencePosition)
        implements Serializable {
}
