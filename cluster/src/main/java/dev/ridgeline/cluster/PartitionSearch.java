package dev.ridgeline.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SearchMode;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** The task a cluster search sends to every member: search the partitions you own. */
final class PartitionSearch implements Callable<MemberAnswer>, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String gallery;
    private final byte[] sealedProbe;
    private final AttributeFilter filter;
    private final int k;
    private final SearchMode mode;
    private transient HazelcastInstance member;

    PartitionSearch(String gallery, byte[] sealedProbe, AttributeFilter filter, int k, SearchMode mode) {
        this.gallery = gallery;
        this.sealedProbe = sealedProbe;
        this.filter = filter;
        this.k = k;
        this.mode = mode;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public MemberAnswer call() {
        ClusterMember local = (ClusterMember) member.getUserContext().get(ClusterMember.CONTEXT_KEY);
        return local.searchOwned(gallery, sealedProbe, filter, k, mode);
    }
}
