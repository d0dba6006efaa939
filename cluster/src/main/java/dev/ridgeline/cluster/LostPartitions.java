package dev.ridgeline.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import dev.ridgeline.cluster.postgres.PostgresStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads partitions whose every copy died (their owner and backups together) back from PostgreSQL,
 * the system of record, then puts back their markers ({@link PartitionMarkers}), which lets their
 * new owner search them again. Until then searches count them as uncovered and are refused.
 */
final class LostPartitions implements AutoCloseable {

    /** After a failed reload (PostgreSQL down), the next try waits this long. */
    private static final long RETRY_PAUSE_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(LostPartitions.class);

    private final IMap<String, byte[]> subjects;
    private final IMap<String, Boolean> intact;
    private final PartitionMarkers markers;
    private final PartitionService partitions;
    private final PostgresStore store;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
            .name("ridgeline-lost-partitions").factory());
    private final Set<Integer> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong reloaded = new AtomicLong();

    LostPartitions(IMap<String, byte[]> subjects, IMap<String, Boolean> intact, PartitionMarkers markers,
                   PartitionService partitions, PostgresStore store) {
        this.subjects = subjects;
        this.intact = intact;
        this.markers = markers;
        this.partitions = partitions;
        this.store = store;
    }

    /** Asks for these partitions to be reloaded; asking again while one is under way changes nothing. */
    void reload(Collection<Integer> lost) {
        if (lost.stream().filter(pending::add).count() > 0 && !loader.isShutdown()) {
            loader.execute(this::reloadPending);
        }
    }

    /** Partitions this member has loaded back from PostgreSQL since it started. */
    long reloaded() {
        return reloaded.get();
    }

    private void reloadPending() {
        Set<Integer> batch = Set.copyOf(pending);
        if (batch.isEmpty()) {
            return;
        }
        try {
            // One pass over PostgreSQL's keys for every partition lost together.
            Set<String> keys = store.keys().stream().map(SubjectKey::gridKey)
                    .filter(key -> batch.contains(partitions.getPartition(key).getPartitionId()))
                    .collect(Collectors.toSet());
            if (!keys.isEmpty()) {
                subjects.loadAll(keys, false);
            }
            // Only now, with every subject back in the grid, may the partitions be searched.
            Map<String, Boolean> restored = new HashMap<>();
            markers.keys(batch).forEach(key -> restored.put(key, true));
            intact.putAll(restored);
            reloaded.addAndGet(batch.size());
            LOG.warn("{} partitions ({} subjects) were lost with every member holding them and are loaded again"
                    + " from PostgreSQL", batch.size(), keys.size());
        } catch (RuntimeException e) {
            LOG.error("reloading {} lost partitions from PostgreSQL failed; searches stay refused until it succeeds",
                    batch.size(), e);
            pause();
        } finally {
            // Still unmarked ones are asked for again by the next reconciliation.
            pending.removeAll(batch);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        loader.shutdownNow();
    }
}
