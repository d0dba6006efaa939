package dev.ridgeline.cluster;

import com.hazelcast.map.MapStore;
import dev.ridgeline.cluster.postgres.PostgresStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Connects the grid's subject map, which holds stamps ({@link SubjectStamps}), to PostgreSQL,
 * which holds the records. Writers commit records to PostgreSQL themselves before the grid holds
 * their stamps, so storing a stamp writes nothing. Removals are written through: a remove returns
 * only once PostgreSQL has deleted the record. A cold cluster lists every key here once, then each
 * partition's owner loads its keys' stamps; its galleries read the records from PostgreSQL.
 */
final class SubjectMapStore implements MapStore<String, byte[]> {

    private final PostgresStore store;
    /** Keys of partitions this member holds whole: their absence from the grid is their absence. */
    private volatile Predicate<String> heldWhole = key -> false;

    SubjectMapStore(PostgresStore store) {
        this.store = store;
    }

    /** From now on, a key of a partition {@code heldWhole} accepts is not looked up in PostgreSQL when the grid lacks it. */
    void trustAbsenceIn(Predicate<String> heldWhole) {
        this.heldWhole = heldWhole;
    }

    /** Nothing to write: the record behind the stamp is committed already ({@link ClusterMember#enrollOwned}, update). */
    @Override
    public void store(String key, byte[] stamp) {
    }

    @Override
    public void storeAll(Map<String, byte[]> stamps) {
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
     * answers while it is down). Only in a partition not yet whole (just moved here, or lost with
     * every copy and being reloaded) is PostgreSQL asked.
     */
    @Override
    public byte[] load(String key) {
        return loadAll(List.of(key)).get(key);
    }

    /** As {@link #load}: a grid write of many new keys ({@code putAll}) asks for them all at once. */
    @Override
    public Map<String, byte[]> loadAll(Collection<String> keys) {
        List<SubjectKey> unsure = keys.stream().filter(key -> !heldWhole.test(key)).map(SubjectKey::ofGridKey).toList();
        Map<String, byte[]> stamps = new HashMap<>();
        if (!unsure.isEmpty()) {
            store.storedKeys(unsure).forEach(key -> stamps.put(key.gridKey(), SubjectStamps.LOADED));
        }
        return stamps;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return store.keys().stream().map(SubjectKey::gridKey).toList();
    }
}
