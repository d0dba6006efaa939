package dev.ridgeline.engine.match;

/** A 1:1 outcome: the decision and the finger pair that gave the best score. */
public record Verification(Decision decision, int probePosition, int referencePosition) {
}
