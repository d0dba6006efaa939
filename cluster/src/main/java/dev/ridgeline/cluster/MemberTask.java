package dev.ridgeline.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.ridgeline.engine.gallery.GalleryStats;
import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Small tasks one member runs on others through the cluster's executor. */
abstract sealed class MemberTask<T> implements Callable<T>, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance member;

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    ClusterMember local() {
        return (ClusterMember) member.getUserContext().get(ClusterMember.CONTEXT_KEY);
    }

    /** This member's share of a gallery's counts. */
    static final class Stats extends MemberTask<GalleryStats> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String gallery;

        Stats(String gallery) {
            this.gallery = gallery;
        }

        @Override
        public GalleryStats call() {
            return local().ownedStats(gallery);
        }
    }

    /** Forget a deleted gallery: its config and its (now empty) galleries. */
    static final class Forget extends MemberTask<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String gallery;

        Forget(String gallery) {
            this.gallery = gallery;
        }

        @Override
        public Boolean call() {
            local().forget(gallery);
            return true;
        }
    }

    /** This member's line of the cluster status. */
    static final class Status extends MemberTask<ClusterStatus.Member> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public ClusterStatus.Member call() {
            return local().localStatus();
        }
    }

    /** Learn a new gallery's config from PostgreSQL. */
    static final class Learn extends MemberTask<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String gallery;

        Learn(String gallery) {
            this.gallery = gallery;
        }

        @Override
        public Boolean call() {
            return local().galleryConfig(gallery).isPresent();
        }
    }

    /** Run on the owner of some subjects' partitions: enrolls them there ({@link ClusterMember#enrollOwned}). */
    static final class EnrollOwned extends MemberTask<ShareOutcome> {
        @Serial
        private static final long serialVersionUID = 2L;
        private final String gallery;
        /** Sealed records by subject id. */
        private final LinkedHashMap<String, byte[]> records;

        EnrollOwned(String gallery, Map<String, byte[]> records) {
            this.gallery = gallery;
            this.records = new LinkedHashMap<>(records);
        }

        @Override
        public ShareOutcome call() throws InterruptedException {
            return local().enrollOwned(gallery, records);
        }
    }

    /** Run on a subject's owner: replaces its record if unchanged ({@link ClusterMember#replaceOwned}). */
    static final class ReplaceOwned extends MemberTask<ShareOutcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String gallery;
        private final String subjectId;
        private final byte[] expected;
        private final byte[] replacement;

        ReplaceOwned(String gallery, String subjectId, byte[] expected, byte[] replacement) {
            this.gallery = gallery;
            this.subjectId = subjectId;
            this.expected = expected;
            this.replacement = replacement;
        }

        @Override
        public ShareOutcome call() throws InterruptedException {
            return local().replaceOwned(gallery, subjectId, expected, replacement);
        }
    }

    /** Run on a subject's owner: deletes it ({@link ClusterMember#deleteOwned}). */
    static final class DeleteOwned extends MemberTask<ShareOutcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String gallery;
        private final String subjectId;

        DeleteOwned(String gallery, String subjectId) {
            this.gallery = gallery;
            this.subjectId = subjectId;
        }

        @Override
        public ShareOutcome call() throws InterruptedException {
            return local().deleteOwned(gallery, subjectId);
        }
    }

    /** Run on a subject's owner: whether its galleries hold it ({@link ClusterMember#lookUpOwned}). */
    static final class LookUp extends MemberTask<OwnedVerification> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String gallery;
        private final String subjectId;

        LookUp(String gallery, String subjectId) {
            this.gallery = gallery;
            this.subjectId = subjectId;
        }

        @Override
        public OwnedVerification call() {
            return local().lookUpOwned(gallery, subjectId);
        }
    }

    /** Run on a subject's owner: a 1:1 against its galleries ({@link ClusterMember#verifyOwned}). */
    static final class VerifyOwned extends MemberTask<OwnedVerification> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String gallery;
        private final String subjectId;
        private final byte[] sealedProbe;

        VerifyOwned(String gallery, String subjectId, byte[] sealedProbe) {
            this.gallery = gallery;
            this.subjectId = subjectId;
            this.sealedProbe = sealedProbe;
        }

        @Override
        public OwnedVerification call() {
            return local().verifyOwned(gallery, subjectId, sealedProbe);
        }
    }
}
