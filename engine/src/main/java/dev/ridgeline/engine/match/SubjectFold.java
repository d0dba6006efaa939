package dev.ridgeline.engine.match;

import dev.ridgeline.engine.template.Modality;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one subject's comparisons as a search streams through its rows: the best finger
 * comparison and the face score, then turns them into one {@link SubjectScore}. Reused across
 * subjects by {@link #reset()}; not thread-safe (one per shard scan).
 */
public final class SubjectFold {

    private final Probe probe;
    private Probe.Match bestFinger;
    private double face = Double.NaN;

    public SubjectFold(Probe probe) {
        this.probe = probe;
    }

    public void finger(Probe.Match match) {
        if (match != null && (bestFinger == null || match.score() > bestFinger.score())) {
            bestFinger = match;
        }
    }

    public void face(double score) {
        if (Double.isNaN(face) || score > face) {
            face = score;
        }
    }

    public boolean compared() {
        return bestFinger != null || !Double.isNaN(face);
    }

    /**
     * The score the subject ranks by, computed without allocating (a scan calls this once per
     * subject); only valid when {@link #compared()}.
     */
    public double rankScore() {
        if (!probe.hasFingers() || !probe.hasFace()) {
            return bestFinger != null ? bestFinger.score() : face;
        }
        return probe.fusion().rankScore(probe, modalities());
    }

    /** The subject's score, or null when nothing of it was comparable with the probe. */
    public SubjectScore score(String subjectId) {
        if (!compared()) {
            return null;
        }
        List<ModalityScore> modalities = modalities();
        return new SubjectScore(subjectId, probe.fusion().rankScore(probe, modalities), modalities);
    }

    private List<ModalityScore> modalities() {
        List<ModalityScore> modalities = new ArrayList<>(2);
        if (bestFinger != null) {
            modalities.add(new ModalityScore(Modality.FINGERPRINT, bestFinger.score(), bestFinger.probePosition(),
                    bestFinger.referencePosition()));
        }
        if (!Double.isNaN(face)) {
            modalities.add(new ModalityScore(Modality.FACE, face, 0, 0));
        }
        return modalities;
    }

    public void reset() {
        bestFinger = null;
        face = Double.NaN;
    }
}
