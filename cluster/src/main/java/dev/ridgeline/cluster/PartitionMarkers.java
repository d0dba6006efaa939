package dev.ridgeline.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One small entry per partition, in a grid map of its own with the subjects' backups: put when a
 * cold cluster has loaded its subjects, then migrated and promoted with its partition, so it is
 * gone only when every copy of its partition is (its owner and its backups died together). A
 * member owning a partition without its marker knows that partition's subjects were lost from
 * memory and must be loaded again from PostgreSQL before searches may count it.
 */
final class PartitionMarkers {

    private static final String PREFIX = "intact-";

    private final String[] keys;

    /** Marker keys are the first of {@code intact-0, intact-1, ...} falling into each partition: every member finds the same. */
    PartitionMarkers(PartitionService partitions) {
        keys = new String[MemberConfig.PARTITION_COUNT];
        int found = 0;
        for (long n = 0; found < keys.length; n++) {
            String key = PREFIX + n;
            int partition = partitions.getPartition(key).getPartitionId();
            if (keys[partition] == null) {
                keys[partition] = key;
                found++;
            }
        }
    }

    String key(int partition) {
        return keys[partition];
    }

    List<String> keys(Collection<Integer> partitions) {
        return partitions.stream().map(this::key).toList();
    }

    /**
     * Marks every partition whole, when none is marked: at a cold start, once the subjects are
     * loaded. A running cluster always holds markers (unless every partition was lost), so a
     * member joining it marks none. Not a grid loader: Hazelcast runs a map's initial load again
     * when the partition of the map's name is lost, and markers loaded that way would mark
     * partitions whose subjects are not back yet.
     */
    void markAllWhenNoneAre(IMap<String, Boolean> intact) {
        if (intact.isEmpty()) {
            Map<String, Boolean> all = new HashMap<>();
            for (String key : keys) {
                all.put(key, true);
            }
            intact.putAll(all);
        }
    }
}
