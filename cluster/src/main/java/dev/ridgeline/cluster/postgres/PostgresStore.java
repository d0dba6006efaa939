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

/**
 * The system of record of a cluster: galleries and subjects in PostgreSQL. Subjects are kept as
 * the same sealed bytes the RocksDB store and the grid hold ({@link SealedRecords}), so the database
 * never sees a template in clear when a store key is configured. Every write has committed when it
 * returns (PostgreSQL's default synchronous commit). Deleting a gallery deletes its subjects
 * (a foreign key), and a subject cannot be written into a gallery that does not exist.
 */
public final class PostgresStore implements DurableStore {

    /** Serializes schema creation when several members start against an empty database at once. */
    private static final long SCHEMA_LOCK = 0x52494447454C494EL;
    /** The layout of the tables below; a database written by a newer release is refused, not misread. */
    static final int SCHEMA_VERSION = 1;
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS ridgeline_meta (
            name text PRIMARY KEY,
            value bytea NOT NULL)""",
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
            PRIMARY KEY (gallery, subject_id))""",
    };
    private static final String UPSERT_SUBJECT = """
            INSERT INTO ridgeline_subjects (gallery, subject_id, record) VALUES (?, ?, ?)
            ON CONFLICT (gallery, subject_id) DO UPDATE SET record = EXCLUDED.record""";
    private static final String INSERT_NEW_SUBJECT = """
            INSERT INTO ridgeline_subjects (gallery, subject_id, record) VALUES (?, ?, ?)
            ON CONFLICT (gallery, subject_id) DO NOTHING""";
    private static final String SUBJECTS_BY_KEY = """
            SELECT s.gallery, s.subject_id, s.record FROM ridgeline_subjects s
            JOIN unnest(?::text[], ?::text[]) AS k (gallery, subject_id)
              ON s.gallery = k.gallery AND s.subject_id = k.subject_id""";
    private static final String STORED_KEYS = """
            SELECT s.gallery, s.subject_id FROM ridgeline_subjects s
            JOIN unnest(?::text[], ?::text[]) AS k (gallery, subject_id)
              ON s.gallery = k.gallery AND s.subject_id = k.subject_id""";

    /** Keys per query when many records are read (a partition an owner gains, a batch of entry events). */
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
                    for (String ddl : SCHEMA) {
                        statement.execute(ddl);
                    }
                }
                store.checkSchemaVersion(connection);
                store.checkKey(connection, settings);
                return null;
            });
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void checkSchemaVersion(Connection connection) throws SQLException {
        byte[] stored = meta(connection, "schema_version");
        if (stored == null) {
            putMeta(connection, "schema_version", Integer.toString(SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        int version = Integer.parseInt(new String(stored, StandardCharsets.US_ASCII));
        if (version > SCHEMA_VERSION) {
            throw new IllegalArgumentException("the PostgreSQL database holds Ridgeline schema version " + version
                    + ", written by a newer release; this release reads version " + SCHEMA_VERSION
                    + " and older: upgrade this member");
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
                "INSERT INTO ridgeline_meta (name, value) VALUES (?, ?)")) {
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
        Map<SubjectKey, byte[]> byKey = new HashMap<>();
        for (SubjectRecord record : records) {
            byKey.put(new SubjectKey(gallery, record.subjectId()), sealed.seal(gallery, record));
        }
        putSealed(byKey);
    }

    @Override
    public void deleteSubject(String gallery, String subjectId) {
        deleteSealed(List.of(new SubjectKey(gallery, subjectId)));
    }

    @Override
    public Optional<SubjectRecord> subject(String gallery, String subjectId) {
        byte[] stored = loadSealed(List.of(new SubjectKey(gallery, subjectId))).get(new SubjectKey(gallery, subjectId));
        return Optional.ofNullable(stored).map(bytes -> sealed.open(gallery, subjectId, bytes));
    }

    // ------------------------------------------- sealed records, as members read and write them

    /** Writes sealed subjects in one transaction. */
    public void putSealed(Map<SubjectKey, byte[]> records) {
        connections.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_SUBJECT)) {
                for (Map.Entry<SubjectKey, byte[]> record : records.entrySet()) {
                    upsert.setString(1, record.getKey().gallery());
                    upsert.setString(2, record.getKey().subjectId());
                    upsert.setBytes(3, record.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    /**
     * Inserts sealed subjects whose ids are free, in one transaction. Returns the keys now stored
     * with exactly these bytes: inserted by this call, or by an earlier attempt of the same write
     * whose answer was lost with its member (sealed bytes carry a random nonce, so equal bytes are
     * that write). Every other key was taken by another subject. PostgreSQL, the system of record,
     * decides: an id is taken whether or not the grid holds it yet.
     */
    public Set<SubjectKey> insertNew(Map<SubjectKey, byte[]> records) {
        return connections.transaction(connection -> {
            List<SubjectKey> keys = List.copyOf(records.keySet());
            int[] inserted;
            try (PreparedStatement insert = connection.prepareStatement(INSERT_NEW_SUBJECT)) {
                for (SubjectKey key : keys) {
                    insert.setString(1, key.gallery());
                    insert.setString(2, key.subjectId());
                    insert.setBytes(3, records.get(key));
                    insert.addBatch();
                }
                inserted = insert.executeBatch();
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
            return stored;
        });
    }

    public void deleteSealed(Collection<SubjectKey> keys) {
        connections.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("""
                    DELETE FROM ridgeline_subjects s USING unnest(?::text[], ?::text[]) AS k (gallery, subject_id)
                    WHERE s.gallery = k.gallery AND s.subject_id = k.subject_id""")) {
                bindKeys(connection, delete, keys);
                return delete.executeUpdate();
            }
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

    /** Those of these keys that are stored, their records left unread. */
    public Set<SubjectKey> storedKeys(Collection<SubjectKey> keys) {
        return connections.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(STORED_KEYS)) {
                bindKeys(connection, select, keys);
                Set<SubjectKey> stored = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        stored.add(new SubjectKey(rows.getString(1), rows.getString(2)));
                    }
                }
                return stored;
            }
        });
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

    /** Every stored subject's key: what a cold cluster has to load. */
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
