package dev.ridgeline.cluster;

import java.time.Duration;
import java.util.List;

/**
 * How a member joins its cluster: the name every member shares, the address it listens on, the
 * member list it joins through (TCP/IP; no multicast, no cloud discovery) and how many members a
 * cold cluster waits for before loading, so that each loads only its own partitions.
 */
public record ClusterSettings(String clusterName, String host, int port, List<String> members, int initialMembers,
                              Duration joinWait) {

    public static final Duration DEFAULT_JOIN_WAIT = Duration.ofSeconds(5);

    public ClusterSettings {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster member needs the member list to join through (HOST:PORT,...)");
        }
        if (initialMembers < 1) {
            throw new IllegalArgumentException("a cluster starts with at least one member, got " + initialMembers);
        }
    }
}
