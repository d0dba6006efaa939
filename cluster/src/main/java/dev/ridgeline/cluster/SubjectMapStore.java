package dev.ridgeline.cluster;

import com.hazelcast.map.MapStore;
import dev.ridgeline.cluster.postgres.BatchedWrites;
import dev.ridgeline.cluster.postgres.PostgresStore;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Connects the grid's subject map to PostgreSQL. Configured write-through, so a put or remove
 * returns only after this has committed it on the partition's owner (and its backup has been
 * written): that is when an enrollment is acknowledged. A cold cluster lists every key here once,
 * then each partition's owner loads the values of its own keys.
 */
final class SubjectMapStore implements MapStore<String, byte[]>, AutoCloseable {

    private final PostgresStore store;
    /** Write-through puts arrive one key at a time from many threads: they are committed in shared transactions. */
    private final BatchedWrites writes;
    /** Records an enrollment committed to PostgreSQL before putting them into the grid ({@link #putStoredAhead}). */
    private final Map<String, byte[]> storedAhead = new ConcurrentHashMap<>();
    /** Keys of partitions this member holds whole: their absence from the grid is their absence. */
    private volatile Predicate<String> heldWhole = key -> false;

    SubjectMapStore(PostgresStore store) {
        this.store = store;
        this.writes = new BatchedWrites(store);
    }

    /** From now on, a key of a partition {@code heldWhole} accepts is not looked up in PostgreSQL when the grid lacks it. */
    void trustAbsenceIn(Predicate<String> heldWhole) {
        this.heldWhole = heldWhole;
    }

    /**
     * Runs {@code put}, a grid write of {@code records} that PostgreSQL has committed already, so
     * that their write-through on this member is skipped. A record whose partition moved meanwhile
     * is written through by its new owner again: the same bytes, so no harm.
     */
    void putStoredAhead(Map<String, byte[]> records, Runnable put) {
        storedAhead.putAll(records);
        try {
            put.run();
        } finally {
            records.forEach(storedAhead::remove);
        }
    }

    private boolean isStoredAhead(String key, byte[] value) {
        byte[] ahead = storedAhead.get(key);
        return ahead != null && Arrays.equals(ahead, value);
    }

    @Override
    public void store(String key, byte[] value) {
        if (!isStoredAhead(key, value)) {
            writes.write(SubjectKey.ofGridKey(key), value);
        }
    }

    @Override
    public void storeAll(Map<String, byte[]> records) {
        Map<SubjectKey, byte[]> byKey = new HashMap<>();
        records.forEach((key, value) -> {
            if (!isStoredAhead(key, value)) {
                byKey.put(SubjectKey.ofGridKey(key), value);
            }
        });
        if (!byKey.isEmpty()) {
            store.putSealed(byKey);
        }
    }

    @Override
    public void delete(String key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        store.deleteSealed(keys.stream().map(SubjectKey::ofGridKey).toList());
    }

    /**
     * A key the grid lacks is not stored when its partition is whole on its owner: every stored
     * subject entered the grid at the cold load, and every write since went through the grid. So
     * a look-up, or the old value a grid write asks for, never waits on PostgreSQL (and still
     * answers while it is down). Only in a partition not yet whole (just moved here, or lost with every copy and
     * being reloaded) is PostgreSQL asked, so that a write cannot overwrite a stored subject the
     * grid has not loaded back yet.
     */
    @Override
    public byte[] load(String key) {
        return loadAll(List.of(key)).get(key);
    }

    /** As {@link #load}: a grid write of many new keys ({@code putAll}) asks for them all at once. */
    @Override
    public Map<String, byte[]> loadAll(Collection<String> keys) {
        List<SubjectKey> unsure = keys.stream().filter(key -> !heldWhole.test(key)).map(SubjectKey::ofGridKey).toList();
        Map<String, byte[]> records = new HashMap<>();
        if (!unsure.isEmpty()) {
            store.loadSealed(unsure).forEach((key, value) -> records.put(key.gridKey(), value));
        }
        return records;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return store.keys().stream().map(SubjectKey::gridKey).toList();
    }

    @Override
    public void close() {
        writes.close();
    }
}
