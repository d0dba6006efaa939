package dev.ridgeline.cluster;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.util.HashUtil;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;

/**
 * A subject's place in the cluster: its gallery and id. Its grid form, {@code gallery/id}, is the
 * key Hazelcast partitions by (gallery names cannot hold '/'), so a subject's partition follows
 * from its gallery and id alone.
 */
public record SubjectKey(String gallery, String subjectId) {

    /** Partitions of the cluster's key space, as every member configures Hazelcast. */
    public static final int PARTITION_COUNT = 271;
    /** Hazelcast's default serialization of a key, which its partitioning hashes. */
    private static final SerializationService KEY_SERIALIZATION = new DefaultSerializationServiceBuilder().build();

    public SubjectKey {
        GalleryConfig.checkName(gallery);
        SubjectRecord.checkId(subjectId);
    }

    public String gridKey() {
        return gallery + '/' + subjectId;
    }

    /**
     * The partition Hazelcast places this subject in, computed as a member computes it (a hash of
     * the serialized grid key), so that PostgreSQL rows can carry it when no member is running
     * (a fill, a schema upgrade). Every member checks at start-up that its grid agrees.
     */
    public int partition() {
        return HashUtil.hashToIndex(KEY_SERIALIZATION.toData(gridKey()).getPartitionHash(), PARTITION_COUNT);
    }

    public static SubjectKey ofGridKey(String gridKey) {
        int slash = gridKey.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a subject key: '" + gridKey + "'");
        }
        return new SubjectKey(gridKey.substring(0, slash), gridKey.substring(slash + 1));
    }
}
