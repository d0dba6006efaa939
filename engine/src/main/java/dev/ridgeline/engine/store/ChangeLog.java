package dev.ridgeline.engine.store;

import dev.ridgeline.engine.EngineException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The change log behind {@link ChangeFeed}, written in the same RocksDB batch as the subjects it
 * describes, so that a change is logged if and only if it is durable. Keys are
 * {@code C<gallery>\0<sequence, 8 bytes big-endian>}; a value is the kind, the time logged and the
 * subject id (no biometric data, so it is not sealed). A gallery's writes hold its head while they
 * commit, so the log's order is the commit order and a reader never sees a gap.
 */
final class ChangeLog {

    private static final byte PREFIX = 'C';
    private static final byte UPSERT = 'U';
    private static final byte DELETE = 'D';

    /** A gallery's last logged sequence number; its monitor orders the gallery's writes. */
    private static final class Head {
        long sequence;
    }

    /** Fills and commits one batch. */
    interface Commit {
        void commit(WriteBatch batch) throws RocksDBException;
    }

    private final RocksDB db;
    /** A gallery's subject ids, to log a gallery that was filled before this log existed. */
    private final Function<String, List<String>> existingSubjects;
    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    ChangeLog(RocksDB db, Function<String, List<String>> existingSubjects) {
        this.db = db;
        this.existingSubjects = existingSubjects;
    }

    void upserted(String gallery, List<String> subjectIds, WriteBatch batch, Commit commit) throws RocksDBException {
        append(gallery, UPSERT, subjectIds, batch, commit);
    }

    void deleted(String gallery, String subjectId, WriteBatch batch, Commit commit) throws RocksDBException {
        append(gallery, DELETE, List.of(subjectId), batch, commit);
    }

    /** Drops the gallery's log with it (in its batch): a new gallery of the same name starts again at 1. */
    void galleryDeleted(String gallery, WriteBatch batch, Commit commit) throws RocksDBException {
        Head head = headOf(gallery);
        synchronized (head) {
            byte[] from = prefix(gallery);
            byte[] to = Arrays.copyOf(from, from.length);
            to[to.length - 1]++;
            batch.deleteRange(from, to);
            commit.commit(batch);
            heads.remove(gallery, head);
            head.notifyAll();
        }
    }

    private void append(String gallery, byte kind, List<String> subjectIds, WriteBatch batch, Commit commit)
            throws RocksDBException {
        Head head = headOf(gallery);
        synchronized (head) {
            long next = head.sequence;
            byte[] logged = ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).array();
            for (String subjectId : subjectIds) {
                batch.put(key(gallery, ++next), value(kind, logged, subjectId));
            }
            commit.commit(batch);
            head.sequence = next;
            head.notifyAll();
        }
    }

    long head(String galleryName) {
        Head head = headOf(galleryName);
        synchronized (head) {
            return head.sequence;
        }
    }

    /** Raw entries after {@code sequence}: the feed looks each upserted subject up. */
    record Entry(long sequence, Instant logged, boolean delete, String subjectId) {
    }

    List<Entry> after(String gallery, long sequence, int max) {
        headOf(gallery); // logs an older store's gallery first
        List<Entry> entries = new ArrayList<>();
        byte[] prefix = prefix(gallery);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(key(gallery, sequence + 1)); it.isValid() && entries.size() < max && SubjectStore.startsWith(it.key(), prefix);
                 it.next()) {
                ByteBuffer value = ByteBuffer.wrap(it.value());
                byte kind = value.get();
                long logged = value.getLong();
                String subjectId = new String(value.array(), value.position(), value.remaining(), StandardCharsets.UTF_8);
                entries.add(new Entry(ByteBuffer.wrap(it.key(), prefix.length, Long.BYTES).getLong(),
                        Instant.ofEpochMilli(logged), kind == DELETE, subjectId));
            }
        }
        return entries;
    }

    long awaitBeyond(String gallery, long sequence, Duration wait) throws InterruptedException {
        Head head = headOf(gallery);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (head) {
            long left;
            while (head.sequence <= sequence && (left = deadline - System.nanoTime()) > 0) {
                head.wait(Math.max(1, left / 1_000_000));
            }
            return head.sequence;
        }
    }

    private Head headOf(String gallery) {
        return heads.computeIfAbsent(gallery, this::readHead);
    }

    /** The last logged sequence; a gallery with subjects but no log yet (an older store) is logged whole first. */
    private Head readHead(String gallery) {
        Head head = new Head();
        byte[] prefix = prefix(gallery);
        try (RocksIterator it = db.newIterator()) {
            it.seekForPrev(key(gallery, Long.MAX_VALUE));
            if (it.isValid() && SubjectStore.startsWith(it.key(), prefix)) {
                head.sequence = ByteBuffer.wrap(it.key(), prefix.length, Long.BYTES).getLong();
                return head;
            }
        }
        List<String> existing = existingSubjects.apply(gallery);
        if (!existing.isEmpty()) {
            byte[] logged = ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).array();
            try (WriteBatch batch = new WriteBatch(); WriteOptions synced = new WriteOptions().setSync(true)) {
                for (String subjectId : existing) {
                    batch.put(key(gallery, ++head.sequence), value(UPSERT, logged, subjectId));
                }
                db.write(synced, batch);
            } catch (RocksDBException e) {
                throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                        "cannot log the existing subjects of gallery '" + gallery + "': " + e.getMessage(), e);
            }
        }
        return head;
    }

    private static byte[] value(byte kind, byte[] logged, String subjectId) {
        byte[] id = subjectId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + logged.length + id.length).put(kind).put(logged).put(id).array();
    }

    private static byte[] prefix(String gallery) {
        byte[] name = gallery.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(name.length + 2).put(PREFIX).put(name).put((byte) 0).array();
    }

    private static byte[] key(String gallery, long sequence) {
        byte[] prefix = prefix(gallery);
        return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(sequence).array();
    }
}
