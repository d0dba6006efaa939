package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.template.Modality;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a probe with one subject's templates as a search streams through them, keeping the
 * best finger comparison and the face score, then turns them into one {@link SubjectScore}.
 * Templates of a modality the probe lacks are skipped. Reused across subjects by
 * {@link #reset()}; not thread-safe (one per shard scan).
 */
public final class SubjectFold {

    private final Probe probe;
    private Probe.Match bestFinger;
    private double face = Double.NaN;

    public SubjectFold(Probe probe) {
        this.probe = probe;
    }

    /** Compares the probe's fingers with one reference finger. */
    public void compareFinger(int referencePosition, FingerprintTemplate reference) {
        if (!probe.hasFingers()) {
            return;
        }
        Probe.Match match = probe.bestAgainst(referencePosition, reference);
        if (match != null && (bestFinger == null || match.score() > bestFinger.score())) {
            bestFinger = match;
        }
    }

    /** Compares the probe's face with an int8 vector at {@code offset} of {@code block}. */
    public void compareFace(byte[] block, int offset, float scale) {
        if (!probe.hasFace()) {
            return;
        }
        double score = probe.faceAgainst(block, offset, scale);
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
        return probe.fusion().rankScore(probe, bestFinger == null ? Double.NaN : bestFinger.score(), face);
    }

    /** The subject's score, or null when nothing of it was comparable with the probe. */
    public SubjectScore score(String subjectId) {
        if (!compared()) {
            return null;
        }
        List<ModalityScore> modalities = new ArrayList<>(2);
        if (bestFinger != null) {
            modalities.add(new ModalityScore(Modality.FINGERPRINT, bestFinger.score(), bestFinger.probePosition(),
                    bestFinger.referencePosition()));
        }
        if (!Double.isNaN(face)) {
            modalities.add(new ModalityScore(Modality.FACE, face, 0, 0));
        }
        return new SubjectScore(subjectId, rankScore(), modalities);
    }

    public void reset() {
        bestFinger = null;
        face = Double.NaN;
    }
}
