package dev.ridgeline.engine.match;

/** One 1:N candidate with its rank (from 1) and decision. */
public record RankedCandidate(int rank, SubjectScore score, Decision decision) {
}
