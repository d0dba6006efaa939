package dev.ridgeline.cluster;

import dev.ridgeline.engine.match.SubjectScore;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * One member's part of a cluster search: the partitions it covered for the whole search, its
 * top-K over them, how many templates it compared, and how long its own search took.
 */
record MemberAnswer(UUID member, int[] partitions, List<SubjectScore> ranked, long searched, long searchNanos)
        implements Serializable {
}
