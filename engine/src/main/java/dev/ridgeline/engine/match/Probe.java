package dev.ridgeline.engine.match;

import dev.ridgeline.engine.face.FaceDot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a booth presents: fingers, a face, or both.
 *
 * <p>Each probe finger compares with every reference finger that may be the same finger (same
 * position, or either unknown); face: the cosine of the probe's unit vector with the stored one.
 * How those comparisons become one score is {@link ScoreFusion}'s rule.
 *
 * @param face the probe's unit face vector in float32, or null when the probe has no face
 */
public record Probe(List<ProbeFinger> fingers, float[] face, ScoreFusion fusion) {

    private static final FaceDot FACE_DOT = FaceDot.best();

    public Probe {
        fingers = List.copyOf(fingers);
        if (fingers.isEmpty() && face == null) {
            throw new IllegalArgumentException("a probe needs a finger or a face");
        }
    }

    /** The probe these matchable samples make for a search: every finger, and the face (at most one). */
    public static Probe of(List<Matchable> samples, ScoreFusion fusion) {
        return of(samples, fusion, false);
    }

    /** The same for a 1:1 against one subject or card: its fingers skip the index searches build. */
    public static Probe forVerification(List<Matchable> samples, ScoreFusion fusion) {
        return of(samples, fusion, true);
    }

    private static Probe of(List<Matchable> samples, ScoreFusion fusion, boolean verification) {
        List<ProbeFinger> fingers = new ArrayList<>();
        float[] face = null;
        for (Matchable sample : samples) {
            switch (sample) {
                case Matchable.Finger finger -> fingers.add(verification
                        ? ProbeFinger.forVerification(finger.position(), finger.template())
                        : new ProbeFinger(finger.position(), finger.template()));
                case Matchable.Face probeFace -> face = probeFace.probeVector();
            }
        }
        return new Probe(fingers, face, fusion);
    }

    /** A fingers-only probe decided on the shipped calibration. */
    public static Probe ofFingers(List<ProbeFinger> fingers) {
        return new Probe(fingers, null, ScoreFusion.shipped());
    }

    public boolean hasFingers() {
        return !fingers.isEmpty();
    }

    public boolean hasFace() {
        return face != null;
    }

    /**
     * Which separate piece of evidence each probe finger is, numbered from 0 in order of first
     * appearance: fingers at one named position are one (two captures of a finger are not two
     * fingers, and their scores against the same reference rise and fall together), and all
     * fingers of unknown position are one (they may be one finger twice).
     */
    public int[] fingerTests() {
        int[] test = new int[fingers.size()];
        int tests = 0;
        for (int i = 0; i < test.length; i++) {
            test[i] = tests;
            for (int j = 0; j < i; j++) {
                if (fingers.get(j).position() == fingers.get(i).position()) {
                    test[i] = test[j];
                    break;
                }
            }
            if (test[i] == tests) {
                tests++;
            }
        }
        return test;
    }

    /** How many separate pieces of evidence the fingers are (see {@link #fingerTests()}). */
    public int fingerTestCount() {
        return testCount(fingerTests());
    }

    /** How many pieces of evidence a {@link #fingerTests()} numbering holds, for a caller that has one. */
    static int testCount(int[] fingerTests) {
        return Arrays.stream(fingerTests).max().orElse(-1) + 1;
    }

    /** Cosine of the probe face with a stored int8 vector at {@code offset} of {@code block}. */
    public double faceAgainst(byte[] block, int offset, float scale) {
        return FACE_DOT.dot(face, block, offset) * scale;
    }

    public boolean anyUnknownPosition() {
        return fingers.stream().anyMatch(f -> f.position() == 0);
    }
}
