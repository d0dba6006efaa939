package dev.ridgeline.engine.match;

import java.util.List;

/**
 * A 1:N outcome: ranked candidates, how many templates were compared, and the operating point
 * ({@code targetFpir} is 0 unless the request named one).
 *
 * @param coverage     the members and partitions a cluster search covered; null on a single node
 * @param probeFace    the probe face's quality, or null when the probe holds no face
 * @param probeFingers the quality of each finger of the probe, in the probe's order (empty: no finger)
 */
public record Identification(List<RankedCandidate> candidates, long searched, double threshold, double targetFmr,
                             double targetFpir, Coverage coverage, ProbeFace probeFace,
                             List<ProbeFingerQuality> probeFingers) {
}
