package dev.ridgeline.engine.match;

import java.util.List;

/** A 1:1 outcome: the decision and the per-modality scores behind it. */
public record Verification(Decision decision, List<ModalityScore> modalities) {
}
