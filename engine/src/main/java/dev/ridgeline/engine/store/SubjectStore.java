package dev.ridgeline.engine.store;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
 */
public final class SubjectStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte GALLERY_PREFIX = 'G';
    private static final byte SUBJECT_PREFIX = 'S';

    private final Options options;
    private final RocksDB db;
    private final WriteOptions durable;

    private SubjectStore(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
        this.durable = new WriteOptions().setSync(true);
    }

    public static SubjectStore open(Path directory) {
        try {
            Files.createDirectories(directory);
            Options options = new Options().setCreateIfMissing(true);
            return new SubjectStore(options, RocksDB.open(options, directory.toString()));
        } catch (RocksDBException | java.io.IOException e) {
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                    "cannot open the store at " + directory + ": " + e.getMessage(), e);
        }
    }

    public void putGallery(GalleryConfig config) {
        write(batch -> batch.put(galleryKey(config.name()), RecordCodec.encodeGallery(config)));
    }

    /** Removes a gallery and all its subjects in one atomic batch. */
    public void deleteGallery(String gallery) {
        byte[] from = subjectPrefix(gallery);
        byte[] to = Arrays.copyOf(from, from.length);
        to[to.length - 1]++;
        write(batch -> {
            batch.deleteRange(from, to);
            batch.delete(galleryKey(gallery));
        });
    }

    public void putSubject(String gallery, SubjectRecord record) {
        write(batch -> batch.put(subjectKey(gallery, record.subjectId()), RecordCodec.encodeSubject(record)));
    }

    /** Writes several subjects in one synced batch: one WAL sync for all, and all or none survive a crash. */
    public void putSubjects(String gallery, List<SubjectRecord> records) {
        write(batch -> {
            for (SubjectRecord record : records) {
                batch.put(subjectKey(gallery, record.subjectId()), RecordCodec.encodeSubject(record));
            }
        });
    }

    public void deleteSubject(String gallery, String subjectId) {
        write(batch -> batch.delete(subjectKey(gallery, subjectId)));
    }

    public Optional<SubjectRecord> subject(String gallery, String subjectId) {
        try {
            byte[] value = db.get(subjectKey(gallery, subjectId));
            return Optional.ofNullable(value).map(RecordCodec::decodeSubject);
        } catch (RocksDBException e) {
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE, "the store failed a read: " + e.getMessage(), e);
        }
    }

    public List<GalleryConfig> galleries() {
        List<GalleryConfig> galleries = new ArrayList<>();
        scan(new byte[] {GALLERY_PREFIX}, value -> galleries.add(RecordCodec.decodeGallery(value)));
        return galleries;
    }

    /** A stored subject not decoded yet, so that one thread can read the store while others decode. */
    public record EncodedSubject(byte[] bytes) {
        public SubjectRecord decode() {
            return RecordCodec.decodeSubject(bytes);
        }
    }

    public void forEachSubject(String gallery, Consumer<SubjectRecord> consumer) {
        forEachEncodedSubject(gallery, encoded -> consumer.accept(encoded.decode()));
    }

    public void forEachEncodedSubject(String gallery, Consumer<EncodedSubject> consumer) {
        scan(subjectPrefix(gallery), value -> consumer.accept(new EncodedSubject(value)));
    }

    /** RocksDB's estimate of stored keys, for progress reporting while loading. */
    public long estimatedRecords() {
        try {
            return db.getLongProperty("rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return 0;
        }
    }

    private void scan(byte[] prefix, Consumer<byte[]> consumer) {
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                consumer.accept(it.value());
            }
        }
    }

    private interface BatchWriter {
        void fill(WriteBatch batch) throws RocksDBException;
    }

    private void write(BatchWriter writer) {
        try (WriteBatch batch = new WriteBatch()) {
            writer.fill(batch);
            db.write(durable, batch);
        } catch (RocksDBException e) {
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                    "the store refused the write: " + e.getMessage(), e);
        }
    }

    private static byte[] galleryKey(String gallery) {
        return concat(new byte[] {GALLERY_PREFIX}, gallery.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] subjectPrefix(String gallery) {
        return concat(new byte[] {SUBJECT_PREFIX}, gallery.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    private static byte[] subjectKey(String gallery, String subjectId) {
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

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        durable.close();
        db.close();
        options.close();
    }
}
