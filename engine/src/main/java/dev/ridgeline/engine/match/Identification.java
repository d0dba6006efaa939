package dev.ridgeline.engine.match;

import java.util.List;

/**
 * A 1:N outcome: ranked candidates, how many templates were compared, and the operating point
 * ({@code targetFpir} is 0 unless the request named one).
 *
 * @param coverage the members and partitions a cluster search covered; null on a single node
 */
public record Identification(List<RankedCandidate> candidates, long searched, double threshold, double targetFmr,
                             double targetFpir, Coverage coverage) {
}
