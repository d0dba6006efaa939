package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.template.Modality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a probe with one subject's templates as a search streams through them, keeping each
 * probe finger's best comparison (and how many it made; captures at one position count as one
 * finger, see {@link Probe#fingerTests()}) and the best face score, then turns them
 * into one {@link SubjectScore} by {@link ScoreFusion}'s rule. Templates of a modality the probe
 * lacks are skipped. Reused across subjects by {@link #reset()}; not thread-safe (one per shard scan).
 */
public final class SubjectFold {

    private final Probe probe;
    /** Each probe finger's piece of evidence ({@link Probe#fingerTests()}). */
    private final int[] testOf;
    /** Per piece of finger evidence: its best score against this subject's fingers (NaN before any) and how many comparisons it made. */
    private final double[] fingerBest;
    private final int[] fingerComparisons;
    /** The best single finger comparison, which the answer names. */
    private double bestFingerScore = Double.NaN;
    private int bestProbePosition;
    private int bestReferencePosition;
    private double face = Double.NaN;
    private int faceComparisons;

    public SubjectFold(Probe probe) {
        this.probe = probe;
        testOf = probe.fingerTests();
        fingerBest = new double[Probe.testCount(testOf)];
        fingerComparisons = new int[fingerBest.length];
        reset();
    }

    /** Compares every probe finger that may be the same finger with one reference finger. */
    public void compareFinger(int referencePosition, FingerprintTemplate reference) {
        for (int i = 0; i < testOf.length; i++) {
            ProbeFinger finger = probe.fingers().get(i);
            if (!finger.comparesWith(referencePosition)) {
                continue;
            }
            double score = finger.match(reference);
            int test = testOf[i];
            fingerComparisons[test]++;
            if (!(score <= fingerBest[test])) {
                fingerBest[test] = score;
            }
            if (!(score <= bestFingerScore)) {
                bestFingerScore = score;
                bestProbePosition = finger.position();
                bestReferencePosition = referencePosition;
            }
        }
    }

    /** Compares the probe's face with an int8 vector at {@code offset} of {@code block}. */
    public void compareFace(byte[] block, int offset, float scale) {
        if (!probe.hasFace()) {
            return;
        }
        double score = probe.faceAgainst(block, offset, scale);
        faceComparisons++;
        if (Double.isNaN(face) || score > face) {
            face = score;
        }
    }

    public boolean compared() {
        return !Double.isNaN(bestFingerScore) || !Double.isNaN(face);
    }

    /**
     * The score the subject ranks by, computed without allocating (a scan calls this once per
     * subject); only valid when {@link #compared()}.
     */
    public double rankScore() {
        return probe.fusion().rankScore(probe, fingerBest, fingerComparisons, face, faceComparisons);
    }

    /** The subject's score, or null when nothing of it was comparable with the probe. */
    public SubjectScore score(String subjectId) {
        if (!compared()) {
            return null;
        }
        List<ModalityScore> modalities = new ArrayList<>(2);
        if (!Double.isNaN(bestFingerScore)) {
            modalities.add(new ModalityScore(Modality.FINGERPRINT, bestFingerScore, bestProbePosition,
                    bestReferencePosition));
        }
        if (!Double.isNaN(face)) {
            modalities.add(new ModalityScore(Modality.FACE, face, 0, 0));
        }
        return new SubjectScore(subjectId, rankScore(), modalities);
    }

    public void reset() {
        Arrays.fill(fingerBest, Double.NaN);
        Arrays.fill(fingerComparisons, 0);
        bestFingerScore = Double.NaN;
        face = Double.NaN;
        faceComparisons = 0;
    }
}
