package dev.ridgeline.cluster;

import dev.ridgeline.engine.match.SubjectScore;
import java.io.Serializable;

/**
 * A subject owner's answer to a 1:1 or a look-up: whether it held the subject's whole partition for the whole
 * comparison (if not, the caller asks again: the partition is moving), whether the subject is
 * enrolled, and its score (null for a look-up, or when nothing in the probe compares with its templates).
 */
record OwnedVerification(boolean covered, boolean enrolled, SubjectScore score) implements Serializable {

    static final OwnedVerification NOT_COVERED = new OwnedVerification(false, false, null);
}
