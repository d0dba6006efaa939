package dev.ridgeline.engine.match;

import java.util.List;

/**
 * A 1:1 outcome: the decision and the per-modality scores behind it.
 *
 * @param probeFace    the probe face's quality, or null when the probe holds no face
 * @param probeFingers the quality of each finger of the probe, in the probe's order (empty: no finger)
 */
public record Verification(Decision decision, List<ModalityScore> modalities, ProbeFace probeFace,
                           List<ProbeFingerQuality> probeFingers) {
}
