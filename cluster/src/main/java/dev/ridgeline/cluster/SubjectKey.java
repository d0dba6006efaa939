package dev.ridgeline.cluster;

import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;

/**
 * A subject's place in the cluster: its gallery and id. Its grid form, {@code gallery/id}, is the
 * key Hazelcast partitions by (gallery names cannot hold '/'), so a subject's partition follows
 * from its gallery and id alone.
 */
public record SubjectKey(String gallery, String subjectId) {

    public SubjectKey {
        GalleryConfig.checkName(gallery);
        SubjectRecord.checkId(subjectId);
    }

    public String gridKey() {
        return gallery + '/' + subjectId;
    }

    public static SubjectKey ofGridKey(String gridKey) {
        int slash = gridKey.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a subject key: '" + gridKey + "'");
        }
        return new SubjectKey(gridKey.substring(0, slash), gridKey.substring(slash + 1));
    }
}
