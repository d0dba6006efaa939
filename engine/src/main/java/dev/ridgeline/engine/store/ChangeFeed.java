package dev.ridgeline.engine.store;

import dev.ridgeline.engine.gallery.SubjectRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each gallery's subject changes in commit order, numbered 1, 2, 3... and kept with the store, so
 * that a reader (a partner's copy of the gallery) can resume after any sequence number, across
 * restarts of either side. A gallery deleted and created again starts again at 1.
 */
public interface ChangeFeed {

    /** One logged change. An upsert carries the subject as it is now (a later change may have replaced it). */
    record Change(long sequence, Instant logged, String subjectId, Optional<SubjectRecord> subject) {

        /** The subject is gone: deleted by this change, or by a later one. */
        public boolean deleted() {
            return subject.isEmpty();
        }
    }

    /** The last sequence number logged for the gallery; 0 when none. */
    long head(String gallery);

    /** Up to {@code max} changes after {@code sequence}, in order, with no gaps. */
    List<Change> after(String gallery, long sequence, int max);

    /** Waits until the gallery's head passes {@code sequence} or {@code wait} passes; returns the head. */
    long awaitBeyond(String gallery, long sequence, Duration wait) throws InterruptedException;
}
