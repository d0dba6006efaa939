package dev.ridgeline.cluster;

import com.hazelcast.query.Predicate;
import java.io.Serial;
import java.util.Map;

/** Selects the grid entries of one gallery (their keys start with {@code gallery/}). */
record GalleryKeys(String gallery) implements Predicate<String, byte[]> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public boolean apply(Map.Entry<String, byte[]> entry) {
        return entry.getKey().startsWith(gallery + '/');
    }
}
