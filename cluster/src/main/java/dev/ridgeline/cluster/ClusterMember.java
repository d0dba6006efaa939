package dev.ridgeline.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.GalleryStats;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.store.SealedRecords;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ridgeline process in a cluster: a Hazelcast member whose share of every gallery (the
 * partitions it owns) is held in the engine's in-memory galleries, with PostgreSQL as the system of
 * record. Any member takes any call: a write goes to its subject's partition owner (committed to
 * PostgreSQL under the owner's claim of the partition, then added to its galleries), a search goes
 * to every member and their answers are merged, a verify goes to the subject's owner. Records are
 * sealed with the store key before they leave the member that made them. The grid places
 * partitions and holds locks, nothing per subject.
 */
public final class ClusterMember implements AutoCloseable {

    /** Where a task arriving on this member finds it: Hazelcast's user context. */
    static final String CONTEXT_KEY = ClusterMember.class.getName();
    /** How long a member's answer to a small task (status, stats, a gallery learnt) may take. */
    private static final Duration TASK_WAIT = Duration.ofSeconds(5);
    /** How long a write keeps sending records again whose partition moved before failing UNAVAILABLE. */
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(10);
    /** How soon a write is sent again whose partition was moving (or still loading on its owner). */
    private static final long MOVED_RETRY_MILLIS = 20;
    /** How soon a 1:1 asks again when its subject's partition was moving. */
    private static final long VERIFY_RETRY_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

    private final HazelcastInstance hazelcast;
    private final PostgresStore store;
    private final SealedRecords sealed;
    private final Map<String, GalleryConfig> galleryConfigs = new ConcurrentHashMap<>();
    private final ExecutorService searchPool;
    private final PartitionGalleries owned;
    private final int backups;
    private final IExecutorService tasks;
    private final IExecutorService writeTasks;
    private final ScatterGather scatterGather;
    private volatile Consumer<GatheredSearch> searchTimes = found -> {
    };
    private final DuplicateCheckLocks duplicateChecks;

    private ClusterMember(HazelcastInstance hazelcast, PostgresStore store, KeyRing keys, int searchThreads,
                          int backups) {
        this.hazelcast = hazelcast;
        this.backups = backups;
        this.store = store;
        this.sealed = new SealedRecords(keys);
        AtomicInteger threadNumber = new AtomicInteger();
        this.searchPool = Executors.newFixedThreadPool(searchThreads, runnable -> {
            Thread thread = new Thread(runnable, "ridgeline-cluster-search-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        store.galleries().forEach(config -> galleryConfigs.put(config.name(), config));
        // Tasks from other members may arrive as soon as the map exists: the context must be set first.
        hazelcast.getUserContext().put(CONTEXT_KEY, this);
        this.tasks = hazelcast.getExecutorService(MemberConfig.SEARCH_EXECUTOR);
        this.writeTasks = hazelcast.getExecutorService(MemberConfig.WRITE_EXECUTOR);
        this.scatterGather = new ScatterGather(tasks, SubjectKey.PARTITION_COUNT);
        this.duplicateChecks = new DuplicateCheckLocks(hazelcast.getMap(MemberConfig.DUPLICATE_CHECKS_MAP));
        this.owned = new PartitionGalleries(hazelcast.getPartitionService(), store, sealed, this::galleryConfig,
                searchPool, hazelcast.getCluster().getLocalMember().getUuid().toString());
        owned.start();
    }

    /**
     * Joins (or forms) the cluster and waits until {@code settings.initialMembers()} members are in
     * it, so that a cold cluster spreads its partitions over all of them before loading; then
     * starts reading this member's partitions from PostgreSQL (searches are refused until every
     * partition is held). Subjects are sealed with {@code keys} before they leave this member.
     *
     * @throws IllegalArgumentException when not enough members joined within the join timeout,
     *                                  naming which of the listed members could be reached
     */
    public static ClusterMember start(ClusterSettings settings, PostgresStore store, KeyRing keys, int searchThreads) {
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(MemberConfig.of(settings));
        try {
            checkPartitioning(hazelcast);
            awaitMembers(hazelcast, settings);
            return new ClusterMember(hazelcast, store, keys, searchThreads, settings.backups());
        } catch (RuntimeException e) {
            hazelcast.getLifecycleService().terminate();
            throw e;
        }
    }

    /**
     * PostgreSQL rows carry the partition {@link SubjectKey#partition} computes without a member;
     * a grid that placed keys otherwise (another Hazelcast release, a changed partition count)
     * would have members load the wrong rows, so it is refused.
     */
    private static void checkPartitioning(HazelcastInstance hazelcast) {
        for (int n = 0; n < 1000; n++) {
            SubjectKey key = new SubjectKey("partitioning-check", "subject-" + n);
            int grid = hazelcast.getPartitionService().getPartition(key.gridKey()).getPartitionId();
            if (grid != key.partition()) {
                throw new IllegalStateException("Hazelcast places key '" + key.gridKey() + "' in partition " + grid
                        + ", not " + key.partition() + " as Ridgeline's PostgreSQL rows say: this Hazelcast release"
                        + " partitions keys differently");
            }
        }
    }

    private static void awaitMembers(HazelcastInstance hazelcast, ClusterSettings settings) {
        long due = System.nanoTime() + settings.joinTimeout().toNanos();
        while (hazelcast.getCluster().getMembers().size() < settings.initialMembers()) {
            if (System.nanoTime() > due) {
                throw new IllegalArgumentException(String.format(
                        "cluster '%s' has %d of the %d members it starts with after %d s; the member list: %s."
                                + " A reachable member that does not join runs under another --cluster-name;"
                                + " to start with fewer members give --initial-members",
                        settings.clusterName(), hazelcast.getCluster().getMembers().size(), settings.initialMembers(),
                        settings.joinTimeout().toSeconds(), MemberReachability.describe(settings.members())));
            }
            sleep(100);
        }
    }

    public PostgresStore store() {
        return store;
    }

    public int members() {
        return hazelcast.getCluster().getMembers().size();
    }

    /** Subjects this member holds in its galleries (the partitions it owns). */
    public long ownedSubjects() {
        return owned.subjectCount();
    }

    /** This member's share of each gallery. */
    public List<GalleryDescription> ownedGalleries() {
        return owned.describe();
    }

    /** Every member's share, the partitions' safety and migrations, and this member's view of PostgreSQL. */
    public ClusterStatus status() {
        String self = hazelcast.getCluster().getLocalMember().getAddress().toString();
        List<ClusterStatus.Member> members = onEveryMember(new MemberTask.Status()).stream()
                .map(member -> member.address().equals(self) ? new ClusterStatus.Member(member.address(), true,
                        member.ownedPartitions(), member.subjects(), member.heapUsedBytes())
                        : member)
                .sorted(Comparator.comparing(ClusterStatus.Member::address)).toList();
        return new ClusterStatus(hazelcast.getConfig().getClusterName(), SubjectKey.PARTITION_COUNT,
                backups, safe(), migrationsInFlight(), members, store.health());
    }

    /** Whether every partition has its owner and backup in place and none is migrating. */
    public boolean safe() {
        return hazelcast.getPartitionService().isClusterSafe();
    }

    /** Partitions this member has read from PostgreSQL since it started: its share at a cold start, then each one it gained. */
    public long loadedPartitions() {
        return owned.loadedPartitions();
    }

    /**
     * Whether every partition has an owner and this member holds whole every partition it owns (it
     * has read them all from PostgreSQL).
     */
    public boolean holdsOwnedPartitions() {
        return owned.holdsOwnedPartitions();
    }

    public int migrationsInFlight() {
        return owned.migrationsInFlight();
    }

    /** This member's line of {@link #status}. */
    public ClusterStatus.Member localStatus() {
        Runtime runtime = Runtime.getRuntime();
        return new ClusterStatus.Member(hazelcast.getCluster().getLocalMember().getAddress().toString(), false,
                owned.ownedPartitions(), owned.subjectCount(), runtime.totalMemory() - runtime.freeMemory());
    }

    // ------------------------------------------------------------------ galleries

    /** Creates a gallery; every member knows it when this returns, so it is usable while PostgreSQL is not. */
    public GalleryConfig createGallery(GalleryConfig config) {
        store.createGallery(config);
        onEveryMember(new MemberTask.Learn(config.name()));
        return config;
    }

    public List<GalleryConfig> galleries() {
        return store.galleries();
    }

    public GalleryConfig requireGallery(String name) {
        return galleryConfig(name).orElseThrow(() -> EngineException.notFound("gallery '" + name + "' does not exist"));
    }

    /** A gallery whole: every member's share added up. */
    public GalleryStats stats(String gallery) {
        requireGallery(gallery);
        GalleryStats total = GalleryStats.empty();
        for (GalleryStats share : onEveryMember(new MemberTask.Stats(gallery))) {
            total = total.plus(share);
        }
        return total;
    }

    /** @return how many subjects went with it */
    public long deleteGallery(String gallery) {
        long subjectCount = stats(gallery).subjects();
        store.deleteGallery(gallery);
        onEveryMember(new MemberTask.Forget(gallery));
        return subjectCount;
    }

    /** Drops what this member knows of a deleted gallery. */
    void forget(String gallery) {
        galleryConfigs.remove(gallery);
        owned.forget(gallery);
    }

    // ------------------------------------------------------------------- subjects

    /**
     * Enrolls a subject unless its id is taken: returns once PostgreSQL has committed it and its
     * partition's owner searches it.
     */
    public void enroll(String gallery, SubjectRecord record) {
        RuntimeException failure = enrollAll(gallery, List.of(record)).get(0);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Enrolls a subject as {@link #enroll} does once {@code duplicateCheck} (a search of the gallery
     * that throws on a match) has passed; the check and the write hold the gallery's lock across the
     * cluster, so a concurrent checked enrollment of the same person on any member sees this one.
     */
    public void enrollChecked(String gallery, SubjectRecord record, Runnable duplicateCheck) {
        requireGallery(gallery);
        duplicateChecks.holding(gallery, () -> {
            duplicateCheck.run();
            enroll(gallery, record);
            return null;
        });
    }

    /**
     * Enrolls subjects as {@link #enroll} does; one failure (or null) per record, in order. Each
     * partition owner is sent its share of the records in one task ({@link #enrollOwned}), so a
     * batch costs a few round trips and transactions, not one per subject. Records whose owner
     * left mid-write, or whose partition moved, are sent again to the partitions' new owners until
     * {@link #WRITE_DEADLINE}.
     */
    public List<RuntimeException> enrollAll(String gallery, List<SubjectRecord> records) {
        RuntimeException[] failures = new RuntimeException[records.size()];
        try {
            requireGallery(gallery);
        } catch (RuntimeException e) {
            Arrays.fill(failures, e);
            return Arrays.asList(failures);
        }
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<String, byte[]> sealedById = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String subjectId = records.get(i).subjectId();
            if (pending.putIfAbsent(subjectId, i) != null) {
                failures[i] = alreadyEnrolled(gallery, subjectId);
            } else {
                sealedById.put(subjectId, sealed.seal(gallery, records.get(i)));
            }
        }
        long due = System.nanoTime() + WRITE_DEADLINE.toNanos();
        Throwable lastOwnerFailure = null;
        boolean interrupted = false;
        while (!pending.isEmpty()) {
            Map<Member, Map<String, byte[]>> shares = sharesByOwner(gallery, pending.keySet(), sealedById);
            Map<Member, Future<ShareOutcome>> answers = new HashMap<>();
            for (Map.Entry<Member, Map<String, byte[]>> share : shares.entrySet()) {
                try {
                    answers.put(share.getKey(), writeTasks.submitToMember(
                            new MemberTask.EnrollOwned(gallery, share.getValue()), share.getKey()));
                } catch (RuntimeException e) {
                    lastOwnerFailure = e;
                }
            }
            for (Map.Entry<Member, Future<ShareOutcome>> answer : answers.entrySet()) {
                Set<String> share = shares.get(answer.getKey()).keySet();
                try {
                    ShareOutcome outcome = answer.getValue().get(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                    for (String subjectId : share) {
                        if (!outcome.moved().contains(subjectId)) {
                            int index = pending.remove(subjectId);
                            failures[index] = outcome.refused().contains(subjectId)
                                    ? alreadyEnrolled(gallery, subjectId) : null;
                        }
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof EngineException refusal) {
                        share.forEach(subjectId -> failures[pending.remove(subjectId)] = refusal);
                    } else {
                        // The owner left, or stopped, mid-write: its share goes to the partitions' new owners.
                        lastOwnerFailure = e.getCause();
                    }
                } catch (TimeoutException e) {
                    lastOwnerFailure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    lastOwnerFailure = e;
                    interrupted = true;
                }
            }
            if (pending.isEmpty() || interrupted || System.nanoTime() - due > 0) {
                break;
            }
            try {
                Thread.sleep(MOVED_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastOwnerFailure = e;
                break;
            }
        }
        if (!pending.isEmpty()) {
            EngineException unavailable = new EngineException(EngineException.Kind.UNAVAILABLE,
                    "the partitions' owners did not take the enrollment within " + WRITE_DEADLINE.toSeconds() + " s"
                            + (lastOwnerFailure == null ? "" : ": " + lastOwnerFailure), lastOwnerFailure);
            pending.values().forEach(index -> failures[index] = unavailable);
        }
        return Arrays.asList(failures);
    }

    /** The records of these subjects by the member owning each one's partition now (none while a partition has no owner). */
    private Map<Member, Map<String, byte[]>> sharesByOwner(String gallery, Collection<String> subjectIds,
                                                           Map<String, byte[]> sealedById) {
        Map<Member, Map<String, byte[]>> shares = new HashMap<>();
        for (String subjectId : subjectIds) {
            Member owner = hazelcast.getPartitionService()
                    .getPartition(new SubjectKey(gallery, subjectId).gridKey()).getOwner();
            if (owner != null) {
                shares.computeIfAbsent(owner, o -> new LinkedHashMap<>()).put(subjectId, sealedById.get(subjectId));
            }
        }
        return shares;
    }

    /**
     * This member's part of {@link #enrollAll}, for subjects of partitions it holds: commits those
     * whose ids are free to PostgreSQL in one transaction, fenced by this member's claims of their
     * partitions (the system of record decides which ids are free, {@link PostgresStore#insertOwned}),
     * then adds them to its galleries and returns once they are searched. Records of partitions
     * this member does not hold (moved away, or still loading) come back as moved, untouched.
     */
    ShareOutcome enrollOwned(String gallery, Map<String, byte[]> sealedById) throws InterruptedException {
        Map<SubjectKey, byte[]> byKey = new LinkedHashMap<>();
        sealedById.forEach((subjectId, record) -> byKey.put(new SubjectKey(gallery, subjectId), record));
        Map<Integer, Long> epochs = owned.epochsOf(byKey.keySet());
        PostgresStore.OwnedWrite write = store.insertOwned(byKey, epochs);
        Map<SubjectKey, byte[]> stored = new HashMap<>();
        write.done().forEach(key -> stored.put(key, byKey.get(key)));
        owned.addCommitted(stored, epochs);
        return outcome(byKey.keySet(), write, epochs);
    }

    /** What an owner's write did, by subject id; a partition fenced out although it was held here is claimed anew. */
    private ShareOutcome outcome(Collection<SubjectKey> keys, PostgresStore.OwnedWrite write, Map<Integer, Long> epochs) {
        if (!write.moved().isEmpty()) {
            owned.reclaim(write.moved(), epochs);
        }
        Set<String> refused = new HashSet<>();
        Set<String> moved = new HashSet<>();
        for (SubjectKey key : keys) {
            if (write.moved().contains(key)) {
                moved.add(key.subjectId());
            } else if (!write.done().contains(key)) {
                refused.add(key.subjectId());
            }
        }
        return new ShareOutcome(refused, moved);
    }

    /**
     * A subject's record, read from PostgreSQL. While PostgreSQL is down, a subject its partition's
     * owner does not hold is still answered as not enrolled; an enrolled one fails UNAVAILABLE.
     */
    public Optional<SubjectRecord> subject(String gallery, String subjectId) {
        requireGallery(gallery);
        try {
            return store.subject(gallery, subjectId);
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.UNAVAILABLE) {
                throw e;
            }
            OwnedVerification held = grid(() -> answer(tasks.submitToKeyOwner(new MemberTask.LookUp(gallery, subjectId),
                    new SubjectKey(gallery, subjectId).gridKey()), TASK_WAIT));
            if (held.covered() && !held.enrolled()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A subject owner's part of {@link #subject} while PostgreSQL is down. */
    OwnedVerification lookUpOwned(String gallery, String subjectId) {
        return owned.lookUp(gallery, subjectId);
    }

    /**
     * Replaces a subject's record with {@code change} of it: the owner commits the new record only
     * if the stored one is still the one changed (else the change is made again on the newer one),
     * then searches it.
     */
    public SubjectRecord update(String gallery, String subjectId, UnaryOperator<SubjectRecord> change) {
        requireGallery(gallery);
        SubjectKey key = new SubjectKey(gallery, subjectId);
        long due = System.nanoTime() + WRITE_DEADLINE.toNanos();
        while (true) {
            byte[] current = store.sealedRecord(key).orElseThrow(() -> unknownSubject(gallery, subjectId));
            SubjectRecord updated = change.apply(sealed.open(gallery, subjectId, current));
            ShareOutcome outcome = onOwner(key, new MemberTask.ReplaceOwned(gallery, subjectId, current,
                    sealed.seal(gallery, updated)), due);
            if (outcome.refused().isEmpty()) {
                return updated;
            }
            if (System.nanoTime() - due > 0) {
                throw new EngineException(EngineException.Kind.UNAVAILABLE, "subject '" + subjectId
                        + "' kept changing for " + WRITE_DEADLINE.toSeconds() + " s; try again");
            }
        }
    }

    /** A subject owner's part of {@link #update}: refused when the stored record is no longer {@code expected}. */
    ShareOutcome replaceOwned(String gallery, String subjectId, byte[] expected, byte[] replacement)
            throws InterruptedException {
        SubjectKey key = new SubjectKey(gallery, subjectId);
        Map<Integer, Long> epochs = owned.epochsOf(List.of(key));
        PostgresStore.OwnedWrite write = switch (store.replaceOwned(key, expected, replacement, epochs)) {
            case REPLACED -> new PostgresStore.OwnedWrite(Set.of(key), Set.of());
            case MOVED -> new PostgresStore.OwnedWrite(Set.of(), Set.of(key));
            case CHANGED_MEANWHILE, ABSENT -> new PostgresStore.OwnedWrite(Set.of(), Set.of());
        };
        if (!write.done().isEmpty()) {
            owned.addCommitted(Map.of(key, replacement), epochs);
        }
        return outcome(List.of(key), write, epochs);
    }

    /**
     * 1:1 against an enrolled subject, scored by its partition's owner against the templates in
     * its galleries: the record does not travel and PostgreSQL is not asked, so a booth's verify
     * goes on while PostgreSQL is down. A partition moving is asked of its new owner until
     * {@code deadline}.
     *
     * @return the subject's score; empty when nothing in the probe compares with its templates
     * @throws EngineException NOT_FOUND when the subject is not enrolled; UNAVAILABLE when no
     *                         owner held its partition whole within {@code deadline}
     */
    public Optional<SubjectScore> verify(String gallery, String subjectId, List<TemplateEnvelope> probe,
                                         Duration deadline) {
        requireGallery(gallery);
        String gridKey = new SubjectKey(gallery, subjectId).gridKey();
        MemberTask.VerifyOwned task = new MemberTask.VerifyOwned(gallery, subjectId,
                SealedProbe.seal(sealed, gallery, probe));
        long until = System.nanoTime() + deadline.toNanos();
        EngineException lastFailure = null;
        while (System.nanoTime() - until < 0) {
            try {
                Duration left = Duration.ofNanos(until - System.nanoTime());
                OwnedVerification answer = grid(() -> answer(tasks.submitToKeyOwner(task, gridKey), left));
                if (answer.covered()) {
                    if (!answer.enrolled()) {
                        throw unknownSubject(gallery, subjectId);
                    }
                    return Optional.ofNullable(answer.score());
                }
            } catch (EngineException e) {
                if (e.kind() != EngineException.Kind.UNAVAILABLE) {
                    throw e;
                }
                lastFailure = e; // the owner left mid-call: its partition's next owner is asked
            }
            try {
                Thread.sleep(VERIFY_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
            }
        }
        throw new EngineException(EngineException.Kind.UNAVAILABLE, "no member held the partition of subject '"
                + subjectId + "' whole within " + deadline.toMillis() + " ms (it is moving, or being reloaded from"
                + " PostgreSQL); try again" + (lastFailure == null ? "" : ": " + lastFailure.getMessage()), lastFailure);
    }

    /** A subject owner's part of {@link #verify}. */
    OwnedVerification verifyOwned(String gallery, String subjectId, byte[] sealedProbe) {
        return owned.verify(gallery, subjectId, SealedProbe.open(sealed, gallery, sealedProbe));
    }

    /** Deletes a subject: its owner commits the deletion to PostgreSQL and drops it from its galleries. */
    public void deleteSubject(String gallery, String subjectId) {
        requireGallery(gallery);
        SubjectKey key = new SubjectKey(gallery, subjectId);
        ShareOutcome outcome = onOwner(key, new MemberTask.DeleteOwned(gallery, subjectId),
                System.nanoTime() + WRITE_DEADLINE.toNanos());
        if (!outcome.refused().isEmpty()) {
            throw unknownSubject(gallery, subjectId);
        }
    }

    /** A subject owner's part of {@link #deleteSubject}: refused when the subject is not stored. */
    ShareOutcome deleteOwned(String gallery, String subjectId) throws InterruptedException {
        SubjectKey key = new SubjectKey(gallery, subjectId);
        Map<Integer, Long> epochs = owned.epochsOf(List.of(key));
        PostgresStore.OwnedWrite write = store.deleteOwned(List.of(key), epochs);
        owned.removeCommitted(write.done(), epochs);
        return outcome(List.of(key), write, epochs);
    }

    /**
     * Runs a one-subject write on its partition's owner, sent again while the partition is moving
     * (or its owner left mid-write) until {@code due}.
     *
     * @throws EngineException UNAVAILABLE when no owner held the partition by then
     */
    private ShareOutcome onOwner(SubjectKey key, MemberTask<ShareOutcome> task, long due) {
        Throwable lastFailure = null;
        do {
            try {
                ShareOutcome outcome = writeTasks.submitToKeyOwner(task, key.gridKey())
                        .get(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (outcome.moved().isEmpty()) {
                    return outcome;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof EngineException refusal) {
                    throw refusal; // the owner's own answer (PostgreSQL down, a bad record): final
                }
                lastFailure = e.getCause(); // the owner left mid-write: its partition's next owner is asked
            } catch (TimeoutException | RuntimeException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
            }
            try {
                Thread.sleep(MOVED_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
            }
        } while (System.nanoTime() - due < 0);
        throw new EngineException(EngineException.Kind.UNAVAILABLE, "no member held the partition of subject '"
                + key.subjectId() + "' within " + WRITE_DEADLINE.toSeconds() + " s (it is moving, or being loaded"
                + " from PostgreSQL); try again" + (lastFailure == null ? "" : ": " + lastFailure), lastFailure);
    }

    private static EngineException unknownSubject(String gallery, String subjectId) {
        return EngineException.notFound("subject '" + subjectId + "' is not enrolled in gallery '" + gallery + "'");
    }

    private static EngineException alreadyEnrolled(String gallery, String subjectId) {
        return EngineException.alreadyExists("subject '" + subjectId + "' is already enrolled in gallery '"
                + gallery + "'");
    }

    // ------------------------------------------------------------------- searches

    /**
     * Top-{@code k} over the whole cluster, with the coverage it stands for.
     *
     * @throws EngineException UNAVAILABLE when no search covered every partition within {@code deadline};
     *                         CANCELLED when {@code cancellation} says the caller is gone first
     */
    public GatheredSearch search(String gallery, List<TemplateEnvelope> probe, AttributeFilter filter, int k,
                                 SearchMode mode, Duration deadline, Cancellation cancellation) {
        long started = System.nanoTime();
        requireGallery(gallery);
        PartitionSearch search = new PartitionSearch(gallery, SealedProbe.seal(sealed, gallery, probe), filter, k, mode);
        GatheredSearch found = scatterGather.search(search, k, started, started + deadline.toNanos(), cancellation);
        searchTimes.accept(found);
        return found;
    }

    /** Told of every cluster search this member asked for once it is answered (the service's metrics). */
    public void onSearch(Consumer<GatheredSearch> listener) {
        searchTimes = listener;
    }

    /** This member's part of a cluster search ({@link PartitionSearch}). */
    MemberAnswer searchOwned(String gallery, byte[] sealedProbe, AttributeFilter filter, int k, SearchMode mode) {
        var templates = SealedProbe.open(sealed, gallery, sealedProbe);
        return owned.search(gallery, PartitionGalleries.probe(templates), filter, k, mode,
                hazelcast.getCluster().getLocalMember().getUuid());
    }

    GalleryStats ownedStats(String gallery) {
        return owned.stats(gallery);
    }

    /**
     * Gallery configs never change once created: each member reads them all from PostgreSQL when
     * it starts and each new one when it is created, and forgets one when it is deleted.
     */
    Optional<GalleryConfig> galleryConfig(String name) {
        GalleryConfig known = galleryConfigs.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<GalleryConfig> stored = store.gallery(name);
        stored.ifPresent(config -> galleryConfigs.put(name, config));
        return stored;
    }

    private <T> List<T> onEveryMember(MemberTask<T> task) {
        Map<Member, Future<T>> pending = grid(() -> tasks.submitToAllMembers(task));
        List<T> answers = new ArrayList<>();
        for (Future<T> answer : pending.values()) {
            answers.add(grid(() -> answer(answer, TASK_WAIT)));
        }
        return answers;
    }

    /** A member's answer to a task, waited for at most {@code wait}; its own refusal is thrown as it is. */
    private static <T> T answer(Future<T> answer, Duration wait) {
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new EngineException(EngineException.Kind.UNAVAILABLE, "a member failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "a member did not answer in time");
        }
    }

    /**
     * Runs a grid operation; a failure that is not already a Ridgeline refusal (a member lost
     * mid-call, the cluster shutting down) is UNAVAILABLE: nothing was acknowledged.
     */
    static <T> T grid(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof EngineException engine) {
                    throw new EngineException(engine.kind(), engine.getMessage(), e);
                }
            }
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "the cluster could not complete the call: " + e,
                    e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster's members", e);
        }
    }

    /** Stops as a crash would: no goodbye, no partitions handed over (tests of losing a member). */
    void crash() {
        owned.close();
        hazelcast.getLifecycleService().terminate();
        searchPool.shutdownNow();
    }

    /** Leaves the cluster gracefully: its partitions are handed to the others first. */
    @Override
    public void close() {
        owned.close();
        hazelcast.shutdown();
        searchPool.shutdownNow();
    }
}
