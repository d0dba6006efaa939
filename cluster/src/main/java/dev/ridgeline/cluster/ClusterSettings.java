package dev.ridgeline.cluster;

import java.time.Duration;
import java.util.List;

/**
 * How a member joins its cluster: the name every member shares, the address it listens on, the
 * member list it joins through (TCP/IP; no multicast, no cloud discovery), how many members a
 * cold cluster waits for before loading (so that each loads only its own partitions), and how
 * long it waits for them before refusing to start, and how many synchronous backups the grid's
 * own state (partition table, duplicate-check locks) has on other members.
 */
public record ClusterSettings(String clusterName, String host, int port, List<String> members, int initialMembers,
                              Duration joinWait, Duration joinTimeout, int backups) {

    public static final int DEFAULT_BACKUPS = 1;
    /** Hazelcast keeps at most six backups of a partition. */
    public static final int MAX_BACKUPS = 6;

    public static final Duration DEFAULT_JOIN_WAIT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(60);

    public ClusterSettings {
        members = List.copyOf(members);
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("a cluster member needs the cluster's name (--cluster-name)");
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster member needs the member list to join through (HOST:PORT,...)");
        }
        if (backups < 0 || backups > MAX_BACKUPS) {
            throw new IllegalArgumentException("a partition has 0 to " + MAX_BACKUPS + " backups (--backups), got "
                    + backups);
        }
        if (initialMembers < 1 || initialMembers > members.size()) {
            throw new IllegalArgumentException("a cluster starts with 1 to " + members.size()
                    + " members (the member list's length), got " + initialMembers);
        }
    }
}
