package dev.ridgeline.engine.store;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The durable store: RocksDB embedded under the data directory. Every write is synced to the
 * write-ahead log before it returns, so whatever the service acknowledged survives a crash.
 * A subject is one key, written in one put: a crash leaves it whole or absent.
 *
 * <p>Keys: {@code G<gallery>} holds a gallery's config; {@code S<gallery>\0<subject id>} a subject.
 * Subject values are sealed with AES-GCM when the key ring has a current key ({@link RecordSealer});
 * gallery configs hold no biometric data and stay plain. Every subject write and deletion is also
 * logged, in the same batch, in the gallery's {@link ChangeLog}.
 */
public final class SubjectStore implements DurableStore, ChangeFeed {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte GALLERY_PREFIX = 'G';
    private static final byte SUBJECT_PREFIX = 'S';

    private final Options options;
    private final RocksDB db;
    private final WriteOptions durable;
    private final RecordSealer sealer;
    private final SealedRecords sealed;
    private final ChangeLog changes;

    private SubjectStore(Options options, RocksDB db, KeyRing keys) {
        this.options = options;
        this.db = db;
        this.durable = new WriteOptions().setSync(true);
        this.sealed = new SealedRecords(keys);
        this.sealer = sealed.sealer();
        this.changes = new ChangeLog(db, this::subjectIds);
    }

    /** Opens a store that writes plain records and reads only plain ones. */
    public static SubjectStore open(Path directory) {
        return open(directory, KeyRing.NONE);
    }

    public static SubjectStore open(Path directory, KeyRing keys) {
        try {
            Files.createDirectories(directory);
            Options options = new Options().setCreateIfMissing(true);
            return new SubjectStore(options, RocksDB.open(options, directory.toString()), keys);
        } catch (RocksDBException | java.io.IOException e) {
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                    "cannot open the store at " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void putGallery(GalleryConfig config) {
        write(batch -> batch.put(galleryKey(config.name()), RecordCodec.encodeGallery(config)));
    }

    /** Removes a gallery and all its subjects in one atomic batch. */
    @Override
    public void deleteGallery(String gallery) {
        byte[] from = subjectPrefix(gallery);
        byte[] to = Arrays.copyOf(from, from.length);
        to[to.length - 1]++;
        write(batch -> {
            batch.deleteRange(from, to);
            batch.delete(galleryKey(gallery));
        }, batch -> changes.galleryDeleted(gallery, batch, this::commit));
    }

    public void putSubject(String gallery, SubjectRecord record) {
        putSubjects(gallery, List.of(record));
    }

    /** Writes several subjects in one synced batch: one WAL sync for all, and all or none survive a crash. */
    @Override
    public void putSubjects(String gallery, List<SubjectRecord> records) {
        write(batch -> {
            for (SubjectRecord record : records) {
                putSubject(batch, gallery, record);
            }
        }, batch -> changes.upserted(gallery, records.stream().map(SubjectRecord::subjectId).toList(), batch,
                this::commit));
    }

    private void putSubject(WriteBatch batch, String gallery, SubjectRecord record) throws RocksDBException {
        batch.put(subjectKey(gallery, record.subjectId()), sealed.seal(gallery, record));
    }

    @Override
    public void deleteSubject(String gallery, String subjectId) {
        write(batch -> batch.delete(subjectKey(gallery, subjectId)),
                batch -> changes.deleted(gallery, subjectId, batch, this::commit));
    }

    @Override
    public long head(String gallery) {
        return changes.head(gallery);
    }

    @Override
    public List<Change> after(String gallery, long sequence, int max) {
        return changes.after(gallery, sequence, max).stream()
                .map(entry -> new Change(entry.sequence(), entry.logged(), entry.subjectId(),
                        entry.delete() ? Optional.empty() : subject(gallery, entry.subjectId())))
                .toList();
    }

    @Override
    public long awaitBeyond(String gallery, long sequence, Duration wait) throws InterruptedException {
        return changes.awaitBeyond(gallery, sequence, wait);
    }

    /** The ids of a gallery's stored subjects, read from the keys alone. */
    private List<String> subjectIds(String gallery) {
        byte[] prefix = subjectPrefix(gallery);
        List<String> ids = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                byte[] key = it.key();
                ids.add(new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    @Override
    public Optional<SubjectRecord> subject(String gallery, String subjectId) {
        try {
            byte[] key = subjectKey(gallery, subjectId);
            byte[] value = db.get(key);
            return Optional.ofNullable(value).map(stored -> new EncodedSubject(key, stored, sealer).decode());
        } catch (RocksDBException e) {
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE, "the store failed a read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<GalleryConfig> galleries() {
        List<GalleryConfig> galleries = new ArrayList<>();
        scan(new byte[] {GALLERY_PREFIX}, (key, value) -> galleries.add(RecordCodec.decodeGallery(value)));
        return galleries;
    }

    /**
     * A stored subject not decrypted or decoded yet, so that one thread can read the store while
     * others decrypt and decode.
     */
    public static final class EncodedSubject {
        private final byte[] key;
        private final byte[] stored;
        private final RecordSealer sealer;

        private EncodedSubject(byte[] key, byte[] stored, RecordSealer sealer) {
            this.key = key;
            this.stored = stored;
            this.sealer = sealer;
        }

        /** @throws StoreCorruptionException naming the record when it cannot be decrypted or read */
        public SubjectRecord decode() {
            return RecordCodec.decodeSubject(sealer.open(key, stored, describe(key)));
        }
    }

    /** "subject 'id' in gallery 'g'", read back from a subject key. */
    static String describe(byte[] subjectKey) {
        int separator = 1;
        while (separator < subjectKey.length && subjectKey[separator] != 0) {
            separator++;
        }
        String gallery = new String(subjectKey, 1, separator - 1, StandardCharsets.UTF_8);
        String subject = new String(subjectKey, Math.min(separator + 1, subjectKey.length),
                Math.max(0, subjectKey.length - separator - 1), StandardCharsets.UTF_8);
        return "subject '" + subject + "' in gallery '" + gallery + "'";
    }

    public void forEachSubject(String gallery, Consumer<SubjectRecord> consumer) {
        forEachEncodedSubject(gallery, encoded -> consumer.accept(encoded.decode()));
    }

    public void forEachEncodedSubject(String gallery, Consumer<EncodedSubject> consumer) {
        scan(subjectPrefix(gallery), (key, value) -> consumer.accept(new EncodedSubject(key, value, sealer)));
    }

    /** Every subject of every gallery as stored (sealed or plain), with its key: for re-encryption. */
    void forEachStoredSubject(BiConsumer<byte[], byte[]> consumer) {
        scan(new byte[] {SUBJECT_PREFIX}, consumer);
    }

    /** Replaces stored subject values as given, in one synced batch. */
    void replaceStored(List<byte[][]> keyValues) {
        write(batch -> {
            for (byte[][] keyValue : keyValues) {
                batch.put(keyValue[0], keyValue[1]);
            }
        });
    }

    RecordSealer sealer() {
        return sealer;
    }

    /** RocksDB's estimate of stored keys, for progress reporting while loading. */
    public long estimatedRecords() {
        try {
            return db.getLongProperty("rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return 0;
        }
    }

    private void scan(byte[] prefix, BiConsumer<byte[], byte[]> consumer) {
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                consumer.accept(it.key(), it.value());
            }
        }
    }

    private interface BatchWriter {
        void fill(WriteBatch batch) throws RocksDBException;
    }

    private void write(BatchWriter writer) {
        write(writer, this::commit);
    }

    /** Fills a batch and has {@code committer} commit it: a logged change commits in its gallery's log order. */
    private void write(BatchWriter writer, ChangeLog.Commit committer) {
        try (WriteBatch batch = new WriteBatch()) {
            writer.fill(batch);
            committer.commit(batch);
        } catch (RocksDBException e) {
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                    "the store refused the write: " + e.getMessage(), e);
        }
    }

    private void commit(WriteBatch batch) throws RocksDBException {
        db.write(durable, batch);
    }

    private static byte[] galleryKey(String gallery) {
        return concat(new byte[] {GALLERY_PREFIX}, gallery.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] subjectPrefix(String gallery) {
        return concat(new byte[] {SUBJECT_PREFIX}, gallery.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    /** Also the associated data a sealed subject is bound to, wherever it is kept. */
    static byte[] subjectKey(String gallery, String subjectId) {
        return concat(subjectPrefix(gallery), subjectId.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        durable.close();
        db.close();
        options.close();
    }
}
