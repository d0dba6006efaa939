package dev.ridgeline.engine.match;

/** A score judged at an operating point: the threshold and the false-match rate it stands for. */
public record Decision(boolean match, double score, double threshold, double targetFmr) {
}
