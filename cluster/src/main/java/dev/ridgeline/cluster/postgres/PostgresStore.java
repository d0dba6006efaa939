package dev.ridgeline.cluster.postgres;

import dev.ridgeline.cluster.ClusterStatus;
import dev.ridgeline.cluster.SubjectKey;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.store.DurableStore;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.store.SealedRecords;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system of record of a cluster: galleries and subjects in PostgreSQL. Subjects are kept as
 * the same sealed bytes the RocksDB store holds ({@link SealedRecords}), each with the partition
 * the cluster places it in, so the database
 * never sees a template in clear when a store key is configured. Every write has committed when it
 * returns (PostgreSQL's default synchronous commit). Deleting a gallery deletes its subjects
 * (a foreign key), and a subject cannot be written into a gallery that does not exist.
 */
public final class PostgresStore implements DurableStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    /** Serializes schema creation when several members start against an empty database at once. */
    private static final long SCHEMA_LOCK = 0x52494447454C494EL;
    /**
     * The layout of the tables below; a database written by a newer release is refused, not
     * misread. Version 2 added each subject's partition and the partitions' owners.
     */
    static final int SCHEMA_VERSION = 2;
    private static final String META_TABLE = """
            CREATE TABLE IF NOT EXISTS ridgeline_meta (
                name text PRIMARY KEY,
                value bytea NOT NULL)""";
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS ridgeline_galleries (
            name text PRIMARY KEY,
            shards integer NOT NULL,
            default_target_fmr double precision NOT NULL,
            created timestamptz NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS ridgeline_subjects (
            gallery text NOT NULL REFERENCES ridgeline_galleries (name) ON DELETE CASCADE,
            subject_id text NOT NULL,
            record bytea NOT NULL,
            partition integer,
            PRIMARY KEY (gallery, subject_id))""",
        // Version 1 had no partition column: its rows get theirs filled in below.
        "ALTER TABLE ridgeline_subjects ADD COLUMN IF NOT EXISTS partition integer",
        "CREATE INDEX IF NOT EXISTS ridgeline_subjects_by_partition ON ridgeline_subjects (partition)",
        // Which member loaded each partition last; the epoch fences out writes of its earlier owners.
        """
        CREATE TABLE IF NOT EXISTS ridgeline_partitions (
            id integer PRIMARY KEY,
            owner text NOT NULL,
            epoch bigint NOT NULL)""",
    };
    private static final String UPSERT_SUBJECT = """
            INSERT INTO ridgeline_subjects (gallery, subject_id, record, partition) VALUES (?, ?, ?, ?)
            ON CONFLICT (gallery, subject_id) DO UPDATE SET record = EXCLUDED.record""";
    private static final String INSERT_NEW_SUBJECT = """
            INSERT INTO ridgeline_subjects (gallery, subject_id, record, partition) VALUES (?, ?, ?, ?)
            ON CONFLICT (gallery, subject_id) DO NOTHING""";
    private static final String SUBJECTS_BY_KEY = """
            SELECT s.gallery, s.subject_id, s.record FROM ridgeline_subjects s
            JOIN unnest(?::text[], ?::text[]) AS k (gallery, subject_id)
              ON s.gallery = k.gallery AND s.subject_id = k.subject_id""";
    private static final String DELETE_BY_KEY = """
            DELETE FROM ridgeline_subjects s USING unnest(?::text[], ?::text[]) AS k (gallery, subject_id)
            WHERE s.gallery = k.gallery AND s.subject_id = k.subject_id
            RETURNING s.gallery, s.subject_id""";
    /** Share locks taken in partition order, so writers and claimers never wait on each other in a cycle. */
    private static final String FENCE = """
            SELECT id, epoch FROM ridgeline_partitions WHERE id = ANY(?) ORDER BY id FOR SHARE""";
    private static final String CLAIM = """
            INSERT INTO ridgeline_partitions (id, owner, epoch)
            SELECT p, ?, 1 FROM unnest(?::integer[]) AS p ORDER BY p
            ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, epoch = ridgeline_partitions.epoch + 1
            RETURNING id, epoch""";

    /** Keys per query when many records are read or written (a partition an owner gains, a schema upgrade). */
    private static final int READ_CHUNK = 5_000;
    private static final byte[] KEY_CHECK_CONTEXT = "ridgeline-key-check".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionPool connections;
    private final SealedRecords sealed;
    private final String url;

    private PostgresStore(ConnectionPool connections, SealedRecords sealed, String url) {
        this.connections = connections;
        this.sealed = sealed;
        this.url = url;
    }

    /**
     * Connects, creates the tables when they are missing, and checks that the database is one
     * this release can read with this key ring.
     *
     * @throws IllegalArgumentException when the schema is from a newer release, or the key ring
     *                                  does not open the key check written by the first member
     */
    public static PostgresStore open(PostgresSettings settings, KeyRing keys) {
        PostgresStore store = new PostgresStore(new ConnectionPool(settings), new SealedRecords(keys),
                settings.jdbcUrl());
        try {
            store.connections.transaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                    statement.execute(META_TABLE);
                    Integer version = storedSchemaVersion(connection);
                    for (String ddl : SCHEMA) {
                        statement.execute(ddl);
                    }
                    if (version == null || version < SCHEMA_VERSION) {
                        fillPartitions(connection);
                        putMeta(connection, "schema_version",
                                Integer.toString(SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII));
                    }
                }
                store.checkKey(connection, settings);
                return null;
            });
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** @return the schema version the database holds, null when it is new */
    private static Integer storedSchemaVersion(Connection connection) throws SQLException {
        byte[] stored = meta(connection, "schema_version");
        if (stored == null) {
            return null;
        }
        int version = Integer.parseInt(new String(stored, StandardCharsets.US_ASCII));
        if (version > SCHEMA_VERSION) {
            throw new IllegalArgumentException("the PostgreSQL database holds Ridgeline schema version " + version
                    + ", written by a newer release; this release reads version " + SCHEMA_VERSION
                    + " and older: upgrade this member");
        }
        return version;
    }

    /** Gives every subject stored without its partition (schema version 1) its partition. */
    private static void fillPartitions(Connection connection) throws SQLException {
        List<SubjectKey> unplaced = new ArrayList<>();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(
                     "SELECT gallery, subject_id FROM ridgeline_subjects WHERE partition IS NULL")) {
            while (rows.next()) {
                unplaced.add(new SubjectKey(rows.getString(1), rows.getString(2)));
            }
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE ridgeline_subjects s SET partition = k.partition
                FROM unnest(?::text[], ?::text[], ?::integer[]) AS k (gallery, subject_id, partition)
                WHERE s.gallery = k.gallery AND s.subject_id = k.subject_id""")) {
            for (int from = 0; from < unplaced.size(); from += READ_CHUNK) {
                List<SubjectKey> chunk = unplaced.subList(from, Math.min(unplaced.size(), from + READ_CHUNK));
                bindKeys(connection, update, chunk);
                update.setArray(3, connection.createArrayOf("integer",
                        chunk.stream().map(SubjectKey::partition).toArray()));
                update.executeUpdate();
            }
        }
    }

    /**
     * The first member seals a known text with its store key; every later one must open it. A
     * member with another key would write records no other member can open.
     */
    private void checkKey(Connection connection, PostgresSettings settings) throws SQLException {
        byte[] stored = meta(connection, "key_check");
        if (stored == null) {
            putMeta(connection, "key_check", sealed.seal(KEY_CHECK_CONTEXT, KEY_CHECK_CONTEXT));
            return;
        }
        try {
            if (!Arrays.equals(sealed.open(KEY_CHECK_CONTEXT, stored, "the cluster's key check"), KEY_CHECK_CONTEXT)) {
                throw new IllegalStateException("the key check opened to other bytes");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the store key differs from the cluster's: the key check in "
                    + settings.jdbcUrl() + " does not open with it (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] meta(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM ridgeline_meta WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        }
    }

    private static void putMeta(Connection connection, String name, byte[] value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ridgeline_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value")) {
            insert.setString(1, name);
            insert.setBytes(2, value);
            insert.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ galleries

    @Override
    public void putGallery(GalleryConfig config) {
        insertGallery(config, """
                DO UPDATE SET shards = EXCLUDED.shards, default_target_fmr = EXCLUDED.default_target_fmr,
                    created = EXCLUDED.created""");
    }

    /** Creates a gallery unless one of that name exists. */
    public void createGallery(GalleryConfig config) {
        if (insertGallery(config, "DO NOTHING") == 0) {
            throw EngineException.alreadyExists("gallery '" + config.name() + "' already exists");
        }
    }

    /** @return rows written: 0 when the name existed and {@code onConflict} did nothing */
    private int insertGallery(GalleryConfig config, String onConflict) {
        return connections.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO ridgeline_galleries (name, shards, default_target_fmr, created) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) """ + onConflict)) {
                insert.setString(1, config.name());
                insert.setInt(2, config.shards());
                insert.setDouble(3, config.defaultTargetFmr());
                insert.setTimestamp(4, Timestamp.from(config.created()));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void deleteGallery(String gallery) {
        connections.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ridgeline_galleries WHERE name = ?")) {
                delete.setString(1, gallery);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<GalleryConfig> galleries() {
        return connections.transaction(connection -> {
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery(
                         "SELECT name, shards, default_target_fmr, created FROM ridgeline_galleries ORDER BY name")) {
                List<GalleryConfig> galleries = new ArrayList<>();
                while (rows.next()) {
                    galleries.add(galleryConfig(rows));
                }
                return galleries;
            }
        });
    }

    public Optional<GalleryConfig> gallery(String name) {
        return connections.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, shards, default_target_fmr, created FROM ridgeline_galleries WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(galleryConfig(rows)) : Optional.empty();
                }
            }
        });
    }

    private static GalleryConfig galleryConfig(ResultSet row) throws SQLException {
        return new GalleryConfig(row.getString(1), row.getInt(2), row.getDouble(3), row.getTimestamp(4).toInstant());
    }

    // ------------------------------------------------------------------- subjects

    @Override
    public void putSubjects(String gallery, List<SubjectRecord> records) {
        connections.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_SUBJECT)) {
                for (SubjectRecord record : records) {
                    SubjectKey key = new SubjectKey(gallery, record.subjectId());
                    bindSubject(upsert, key, sealed.seal(gallery, record));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void deleteSubject(String gallery, String subjectId) {
        connections.transaction(connection -> deleteRows(connection, List.of(new SubjectKey(gallery, subjectId))));
    }

    @Override
    public Optional<SubjectRecord> subject(String gallery, String subjectId) {
        return sealedRecord(new SubjectKey(gallery, subjectId)).map(bytes -> sealed.open(gallery, subjectId, bytes));
    }

    // ------------------------------------------- sealed records, as members read and write them

    /** A stored subject's sealed record. */
    public Optional<byte[]> sealedRecord(SubjectKey key) {
        return Optional.ofNullable(loadSealed(List.of(key)).get(key));
    }

    /**
     * What a partition owner's write did: {@code done} the keys written, {@code moved} those whose
     * partition another member has loaded since the epoch the writer gave (they were not touched).
     */
    public record OwnedWrite(Set<SubjectKey> done, Set<SubjectKey> moved) {
    }

    /**
     * Inserts sealed subjects whose ids are free, in one transaction, for the member that holds
     * their partitions at {@code epochs} ({@link #claimPartitions}). {@code done} holds the keys now
     * stored with exactly these bytes: inserted by this call, or by an earlier attempt of the same
     * write whose answer was lost with its member (sealed bytes carry a random nonce, so equal
     * bytes are that write). Keys in neither set were taken by another subject: PostgreSQL, the
     * system of record, decides.
     */
    public OwnedWrite insertOwned(Map<SubjectKey, byte[]> records, Map<Integer, Long> epochs) {
        return connections.transaction(connection -> {
            Set<Integer> held = fence(connection, records.keySet(), epochs);
            List<SubjectKey> keys = new ArrayList<>();
            Set<SubjectKey> moved = new HashSet<>();
            records.keySet().forEach(key -> (held.contains(key.partition()) ? keys : moved).add(key));
            int[] inserted;
            try (PreparedStatement insert = connection.prepareStatement(INSERT_NEW_SUBJECT)) {
                for (SubjectKey key : keys) {
                    bindSubject(insert, key, records.get(key));
                    insert.addBatch();
                }
                inserted = keys.isEmpty() ? new int[0] : insert.executeBatch();
            }
            Set<SubjectKey> stored = new HashSet<>();
            List<SubjectKey> conflicting = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                (inserted[i] == 1 ? stored : conflicting).add(keys.get(i));
            }
            if (!conflicting.isEmpty()) {
                sealedRows(connection, conflicting).forEach((key, record) -> {
                    if (Arrays.equals(record, records.get(key))) {
                        stored.add(key);
                    }
                });
            }
            return new OwnedWrite(stored, moved);
        });
    }

    /** Deletes subjects as {@link #insertOwned} inserts them; {@code done} holds the keys that were stored. */
    public OwnedWrite deleteOwned(Collection<SubjectKey> keys, Map<Integer, Long> epochs) {
        return connections.transaction(connection -> {
            Set<Integer> held = fence(connection, keys, epochs);
            List<SubjectKey> deletable = new ArrayList<>();
            Set<SubjectKey> moved = new HashSet<>();
            keys.forEach(key -> (held.contains(key.partition()) ? deletable : moved).add(key));
            return new OwnedWrite(deletable.isEmpty() ? Set.of() : deleteRows(connection, deletable), moved);
        });
    }

    /** What {@link #replaceOwned} found. */
    public enum Replacement { REPLACED, CHANGED_MEANWHILE, ABSENT, MOVED }

    /** Replaces a subject's record if it is still {@code expected}, as {@link #insertOwned} writes. */
    public Replacement replaceOwned(SubjectKey key, byte[] expected, byte[] replacement, Map<Integer, Long> epochs) {
        return connections.transaction(connection -> {
            if (fence(connection, List.of(key), epochs).isEmpty()) {
                return Replacement.MOVED;
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE ridgeline_subjects SET record = ? WHERE gallery = ? AND subject_id = ? AND record = ?""")) {
                update.setBytes(1, replacement);
                update.setString(2, key.gallery());
                update.setString(3, key.subjectId());
                update.setBytes(4, expected);
                if (update.executeUpdate() == 1) {
                    return Replacement.REPLACED;
                }
            }
            return sealedRows(connection, List.of(key)).isEmpty() ? Replacement.ABSENT : Replacement.CHANGED_MEANWHILE;
        });
    }

    /**
     * The partitions of these keys whose epoch in PostgreSQL is the one the writer holds, share
     * locked until the transaction ends: a member claiming one of them waits for this write to
     * commit, and then reads it.
     */
    private static Set<Integer> fence(Connection connection, Collection<SubjectKey> keys, Map<Integer, Long> epochs)
            throws SQLException {
        Integer[] partitions = keys.stream().map(SubjectKey::partition).distinct().toArray(Integer[]::new);
        Set<Integer> held = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(FENCE)) {
            select.setArray(1, connection.createArrayOf("integer", partitions));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (Long.valueOf(rows.getLong(2)).equals(epochs.get(rows.getInt(1)))) {
                        held.add(rows.getInt(1));
                    }
                }
            }
        }
        return held;
    }

    /**
     * Makes {@code owner} the holder of these partitions with a new epoch each, then hands their
     * stored records to {@code records}, {@value #READ_CHUNK} at a time, in the same transaction:
     * a write fenced by an earlier epoch either committed before the claim (and is read here) or
     * is refused as moved after it. Nothing is claimed if {@code records} throws.
     *
     * @return each partition's new epoch
     */
    public Map<Integer, Long> claimPartitions(Collection<Integer> partitions, String owner,
                                              Consumer<Map<SubjectKey, byte[]>> records) {
        return connections.transaction(connection -> {
            Map<Integer, Long> epochs = new HashMap<>();
            Array ids = connection.createArrayOf("integer", partitions.toArray());
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, owner);
                claim.setArray(2, ids);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        epochs.put(rows.getInt(1), rows.getLong(2));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT gallery, subject_id, record FROM ridgeline_subjects WHERE partition = ANY(?)")) {
                select.setFetchSize(READ_CHUNK);
                select.setArray(1, ids);
                try (ResultSet rows = select.executeQuery()) {
                    Map<SubjectKey, byte[]> chunk = new HashMap<>();
                    while (rows.next()) {
                        chunk.put(new SubjectKey(rows.getString(1), rows.getString(2)), rows.getBytes(3));
                        if (chunk.size() == READ_CHUNK) {
                            records.accept(chunk);
                            chunk = new HashMap<>();
                        }
                    }
                    records.accept(chunk);
                }
            }
            return epochs;
        });
    }

    /** The sealed records of those keys that are stored, read {@value #READ_CHUNK} keys a query. */
    public Map<SubjectKey, byte[]> loadSealed(Collection<SubjectKey> keys) {
        List<SubjectKey> all = List.copyOf(keys);
        Map<SubjectKey, byte[]> records = new HashMap<>();
        for (int from = 0; from < all.size(); from += READ_CHUNK) {
            List<SubjectKey> chunk = all.subList(from, Math.min(all.size(), from + READ_CHUNK));
            records.putAll(connections.transaction(connection -> sealedRows(connection, chunk)));
        }
        return records;
    }

    private static Map<SubjectKey, byte[]> sealedRows(Connection connection, Collection<SubjectKey> keys)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SUBJECTS_BY_KEY)) {
            bindKeys(connection, select, keys);
            Map<SubjectKey, byte[]> records = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.put(new SubjectKey(rows.getString(1), rows.getString(2)), rows.getBytes(3));
                }
            }
            return records;
        }
    }

    /** @return the keys that were stored */
    private static Set<SubjectKey> deleteRows(Connection connection, Collection<SubjectKey> keys) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_BY_KEY)) {
            bindKeys(connection, delete, keys);
            Set<SubjectKey> deleted = new HashSet<>();
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    deleted.add(new SubjectKey(rows.getString(1), rows.getString(2)));
                }
            }
            return deleted;
        }
    }

    private static void bindSubject(PreparedStatement statement, SubjectKey key, byte[] record) throws SQLException {
        statement.setString(1, key.gallery());
        statement.setString(2, key.subjectId());
        statement.setBytes(3, record);
        statement.setInt(4, key.partition());
    }

    /**
     * PostgreSQL's own estimate of the subjects stored (its planner statistics, no scan), for
     * progress reports: 0 before it has statistics, or when it cannot be asked.
     */
    public long estimatedSubjects() {
        try {
            return connections.transaction(connection -> {
                try (Statement select = connection.createStatement();
                     ResultSet row = select.executeQuery("SELECT greatest(reltuples, 0)::bigint FROM pg_class"
                             + " WHERE oid = 'ridgeline_subjects'::regclass")) {
                    return row.next() ? row.getLong(1) : 0L;
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("no estimate of the stored subjects", e);
            return 0;
        }
    }

    /** Every stored subject's key (a full scan). */
    public List<SubjectKey> keys() {
        return connections.transaction(connection -> {
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT gallery, subject_id FROM ridgeline_subjects")) {
                List<SubjectKey> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(new SubjectKey(rows.getString(1), rows.getString(2)));
                }
                return keys;
            }
        });
    }

    /** Whether this member reaches PostgreSQL now, how fast, and how far behind its streaming replicas are. */
    public ClusterStatus.Postgres health() {
        long started = System.nanoTime();
        try {
            return connections.transaction(connection -> {
                try (Statement select = connection.createStatement();
                     ResultSet row = select.executeQuery("SELECT count(*), coalesce(max(extract(epoch FROM replay_lag)"
                             + " * 1000), -1) FROM pg_stat_replication")) {
                    row.next();
                    return new ClusterStatus.Postgres(url, true, "", (System.nanoTime() - started) / 1e6, row.getInt(1),
                            row.getLong(2));
                }
            });
        } catch (RuntimeException e) {
            return new ClusterStatus.Postgres(url, false, e.getMessage(), (System.nanoTime() - started) / 1e6, 0, -1);
        }
    }

    private static void bindKeys(Connection connection, PreparedStatement statement, Collection<SubjectKey> keys)
            throws SQLException {
        statement.setArray(1, connection.createArrayOf("text", keys.stream().map(SubjectKey::gallery).toArray()));
        statement.setArray(2, connection.createArrayOf("text", keys.stream().map(SubjectKey::subjectId).toArray()));
    }

    @Override
    public void close() {
        connections.close();
    }
}
