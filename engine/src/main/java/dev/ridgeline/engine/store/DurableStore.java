package dev.ridgeline.engine.store;

import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import java.util.List;
import java.util.Optional;

/**
 * Where galleries and subjects are kept durably: RocksDB on one machine ({@link SubjectStore}),
 * PostgreSQL in a cluster. Every write has reached durable storage when it returns. Subject records
 * are sealed with the store key ({@link SealedRecords}) the same way in every implementation.
 */
public interface DurableStore extends AutoCloseable {

    void putGallery(GalleryConfig config);

    /** Removes a gallery and all its subjects, all or nothing. */
    void deleteGallery(String gallery);

    List<GalleryConfig> galleries();

    /** Writes several subjects together: all or none are durable after a crash. */
    void putSubjects(String gallery, List<SubjectRecord> records);

    void deleteSubject(String gallery, String subjectId);

    Optional<SubjectRecord> subject(String gallery, String subjectId);

    @Override
    void close();
}
