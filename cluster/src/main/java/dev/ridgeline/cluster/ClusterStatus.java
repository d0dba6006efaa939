package dev.ridgeline.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * The state of a cluster as one member sees it, for `./ridgeline cluster status` and the
 * Prometheus metrics.
 *
 * @param backupCount         synchronous backups of the grid's own state (the partition table's
 *                            replicas, the duplicate-check locks); subjects are in PostgreSQL
 * @param safe                every partition has its owner and backup in place and none is migrating
 * @param migrationsInFlight  partition replica migrations planned but not yet completed
 */
public record ClusterStatus(String clusterName, int partitionCount, int backupCount, boolean safe,
                            int migrationsInFlight, List<Member> members, Postgres postgres) {

    /**
     * One member's share.
     *
     * @param subjects         subjects in this member's galleries (the partitions it owns)
     */
    public record Member(String address, boolean answering, int ownedPartitions, long subjects,
                         long heapUsedBytes) implements Serializable {
    }

    /**
     * @param replicas           streaming replicas the server reports, 0 without any
     * @param maxReplayLagMillis the largest replica replay lag, or -1 when there is none to report
     */
    public record Postgres(String url, boolean reachable, String error, double roundTripMillis, int replicas,
                           long maxReplayLagMillis) {
    }
}
