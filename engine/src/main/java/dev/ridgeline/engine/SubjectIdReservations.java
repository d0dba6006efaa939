package dev.ridgeline.engine;

import dev.ridgeline.engine.gallery.Gallery;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subject ids being enrolled but not yet in their gallery. Enrollments no longer hold the gallery
 * lock while they wait for their write, so this is what keeps "one subject per id" exact: an id
 * is reserved before its write and released only after the subject is in the gallery (or its
 * write failed), and a second enrollment of the id meets either the reservation or the subject.
 */
final class SubjectIdReservations {

    private record Key(Gallery gallery, String subjectId) {
    }

    /** Releases a reserved id: close it once, after the subject is in the gallery or its write failed. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    private final Set<Key> reserved = ConcurrentHashMap.newKeySet();

    /** Reserves the id in the gallery, or throws ALREADY_EXISTS if it is enrolled or being enrolled. */
    Reservation reserve(Gallery gallery, String subjectId) {
        Key key = new Key(gallery, subjectId);
        if (!reserved.add(key)) {
            throw EngineException.alreadyExists("subject '" + subjectId + "' is already being enrolled in gallery '"
                    + gallery.name() + "'");
        }
        // Checked after reserving: a subject added before this point is seen, one added later needed our id.
        if (gallery.contains(subjectId)) {
            reserved.remove(key);
            throw EngineException.alreadyExists("subject '" + subjectId + "' is already enrolled in gallery '"
                    + gallery.name() + "'");
        }
        return () -> reserved.remove(key);
    }
}
