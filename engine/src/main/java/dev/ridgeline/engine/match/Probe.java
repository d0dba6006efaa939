package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintTemplate;
import java.util.List;

/**
 * The fingers presented at a booth. Fusion rule: a reference scores the best of its comparisons
 * with every compatible probe finger (max rule), so one good finger suffices and the score stays
 * on the single-comparison scale the thresholds are calibrated on.
 */
public record Probe(List<ProbeFinger> fingers) {

    public Probe {
        fingers = List.copyOf(fingers);
    }

    /** Best comparison of this probe against one reference finger, or null when no probe finger compares with it. */
    public Match bestAgainst(int referencePosition, FingerprintTemplate reference) {
        Match best = null;
        for (ProbeFinger finger : fingers) {
            if (finger.comparesWith(referencePosition)) {
                double score = finger.match(reference);
                if (best == null || score > best.score()) {
                    best = new Match(score, finger.position(), referencePosition);
                }
            }
        }
        return best;
    }

    public boolean anyUnknownPosition() {
        return fingers.stream().anyMatch(f -> f.position() == 0);
    }

    /** One comparison's outcome and the fingers that produced it. */
    public record Match(double score, int probePosition, int referencePosition) {
    }
}
