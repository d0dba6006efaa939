package dev.ridgeline.engine.match;

import java.util.List;

/** A 1:N outcome: ranked candidates, how many templates were compared, and the operating point. */
public record Identification(List<RankedCandidate> candidates, long searched, double threshold, double targetFmr) {
}
