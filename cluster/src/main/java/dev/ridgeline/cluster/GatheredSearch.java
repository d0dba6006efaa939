package dev.ridgeline.cluster;

import dev.ridgeline.engine.match.Coverage;
import dev.ridgeline.engine.match.SubjectScore;
import java.util.List;

/**
 * A cluster search's merged top-K, how many templates its members compared, and what it covered.
 *
 * @param slowestMemberNanos the longest of the answering members' own searches
 * @param elapsedNanos       the whole search as the asking member saw it, retries included: beyond
 *                           the slowest member's search, that is sealing, fan-out, waiting and merging
 */
public record GatheredSearch(List<SubjectScore> ranked, long searched, Coverage coverage, long slowestMemberNanos,
                             long elapsedNanos) {

    public long overheadNanos() {
        return Math.max(0, elapsedNanos - slowestMemberNanos);
    }
}
