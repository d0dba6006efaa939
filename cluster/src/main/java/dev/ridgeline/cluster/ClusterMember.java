package dev.ridgeline.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
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
 * record. Any member takes any call: an enrollment goes to its subject's partition owner (committed
 * to PostgreSQL, its stamp backed up on a second member), a search goes to every member and their
 * answers are merged, a verify goes to the subject's owner. Records are sealed with the store key
 * before they leave the member that made them; the grid holds stamps ({@link SubjectStamps}).
 */
public final class ClusterMember implements AutoCloseable {

    /** Where a task arriving on this member finds it: Hazelcast's user context. */
    static final String CONTEXT_KEY = ClusterMember.class.getName();
    /** How long an acknowledged write may take to reach its owner's galleries before the caller stops waiting. */
    private static final Duration APPLY_WAIT = Duration.ofSeconds(5);
    /** How long an enrollment keeps sending records again whose owner left mid-write before failing UNAVAILABLE. */
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(10);
    /** How soon a 1:1 asks again when its subject's partition was moving. */
    private static final long VERIFY_RETRY_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

    private final HazelcastInstance hazelcast;
    private final PostgresStore store;
    private final SealedRecords sealed;
    private final Map<String, GalleryConfig> galleryConfigs = new ConcurrentHashMap<>();
    private final ExecutorService searchPool;
    private final IMap<String, byte[]> subjects;
    private final PartitionGalleries owned;
    private final LostPartitions lost;
    private final int backups;
    private final IExecutorService tasks;
    private final IExecutorService writeTasks;
    private final ScatterGather scatterGather;
    private volatile Consumer<GatheredSearch> searchTimes = found -> {
    };
    private final DuplicateCheckLocks duplicateChecks;

    private ClusterMember(HazelcastInstance hazelcast, SubjectMapStore subjectStore, PostgresStore store, KeyRing keys,
                          int searchThreads, int backups) {
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
        this.scatterGather = new ScatterGather(tasks, MemberConfig.PARTITION_COUNT);
        this.subjects = hazelcast.getMap(MemberConfig.SUBJECTS_MAP);
        this.duplicateChecks = new DuplicateCheckLocks(hazelcast.getMap(MemberConfig.DUPLICATE_CHECKS_MAP));
        IMap<String, Boolean> intact = hazelcast.getMap(MemberConfig.PARTITIONS_INTACT_MAP);
        PartitionMarkers markers = new PartitionMarkers(hazelcast.getPartitionService());
        markers.markAllWhenNoneAre(intact);
        this.lost = new LostPartitions(subjects, intact, markers, hazelcast.getPartitionService(), store);
        this.owned = new PartitionGalleries(subjects, intact, markers, lost, hazelcast.getPartitionService(), store,
                sealed, this::galleryConfig, searchPool);
        subjectStore.trustAbsenceIn(owned::holdsPartitionOf);
        owned.start();
    }

    /**
     * Joins (or forms) the cluster, waits until {@code settings.initialMembers()} members are in it,
     * then returns once a cold cluster has loaded its subjects from PostgreSQL. Subjects are sealed
     * with {@code keys} before they enter the grid.
     *
     * @throws IllegalArgumentException when not enough members joined within the join timeout,
     *                                  naming which of the listed members could be reached
     */
    public static ClusterMember start(ClusterSettings settings, PostgresStore store, KeyRing keys, int searchThreads) {
        SubjectMapStore subjectStore = new SubjectMapStore(store);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(MemberConfig.of(settings, subjectStore));
        try {
            awaitMembers(hazelcast, settings);
            return new ClusterMember(hazelcast, subjectStore, store, keys, searchThreads, settings.backups());
        } catch (RuntimeException e) {
            hazelcast.getLifecycleService().terminate();
            throw e;
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
                        member.ownedPartitions(), member.subjects(), member.backupSubjects(), member.heapUsedBytes())
                        : member)
                .sorted(Comparator.comparing(ClusterStatus.Member::address)).toList();
        return new ClusterStatus(hazelcast.getConfig().getClusterName(), MemberConfig.PARTITION_COUNT,
                backups, safe(), migrationsInFlight(), members, store.health());
    }

    /** Whether every partition has its owner and backup in place and none is migrating. */
    public boolean safe() {
        return hazelcast.getPartitionService().isClusterSafe();
    }

    /** Partitions this member has loaded back from PostgreSQL after every member holding them died. */
    public long reloadedPartitions() {
        return lost.reloaded();
    }

    public int migrationsInFlight() {
        return owned.migrationsInFlight();
    }

    /** This member's line of {@link #status}. */
    public ClusterStatus.Member localStatus() {
        var stats = subjects.getLocalMapStats();
        Runtime runtime = Runtime.getRuntime();
        return new ClusterStatus.Member(hazelcast.getCluster().getLocalMember().getAddress().toString(), false,
                owned.ownedPartitions(), owned.subjectCount(), stats.getBackupEntryCount(),
                runtime.totalMemory() - runtime.freeMemory());
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
        grid(() -> {
            subjects.removeAll(new GalleryKeys(gallery));
            return null;
        });
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
     * Enrolls a subject unless its id is taken: returns once PostgreSQL has committed it, a second
     * member holds its backup and its partition's owner searches it.
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
     * batch costs a few round trips and transactions, not one per subject. A share whose owner
     * left mid-write is sent again to the partitions' new owners until {@link #WRITE_DEADLINE}.
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
            Map<Member, Future<Set<String>>> answers = new HashMap<>();
            for (Map.Entry<Member, Map<String, byte[]>> share : shares.entrySet()) {
                try {
                    answers.put(share.getKey(), writeTasks.submitToMember(
                            new MemberTask.EnrollOwned(gallery, share.getValue()), share.getKey()));
                } catch (RuntimeException e) {
                    lastOwnerFailure = e;
                }
            }
            for (Map.Entry<Member, Future<Set<String>>> answer : answers.entrySet()) {
                Set<String> share = shares.get(answer.getKey()).keySet();
                try {
                    Set<String> taken = answer.getValue().get(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                    for (String subjectId : share) {
                        int index = pending.remove(subjectId);
                        failures[index] = taken.contains(subjectId) ? alreadyEnrolled(gallery, subjectId) : null;
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
                Thread.sleep(100);
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
     * This member's part of {@link #enrollAll}, for subjects of partitions it owns: commits those
     * whose ids are free to PostgreSQL in one transaction (the system of record decides which are
     * free, {@link PostgresStore#insertNew}), puts their stamps into the grid (a synchronous backup
     * each), then waits until its galleries search them. The galleries take the records from this
     * call ({@link PartitionGalleries#expect}), not from PostgreSQL.
     *
     * @return the subject ids that were taken by other subjects
     */
    Set<String> enrollOwned(String gallery, Map<String, byte[]> sealedById) throws InterruptedException {
        Map<SubjectKey, byte[]> byKey = new LinkedHashMap<>();
        sealedById.forEach((subjectId, record) -> byKey.put(new SubjectKey(gallery, subjectId), record));
        Set<SubjectKey> stored = store.insertNew(byKey);
        Map<String, byte[]> stamps = new HashMap<>();
        Map<String, PartitionGalleries.Arriving> arriving = new HashMap<>();
        stored.forEach(key -> {
            byte[] stamp = SubjectStamps.next();
            stamps.put(key.gridKey(), stamp);
            arriving.put(key.gridKey(), new PartitionGalleries.Arriving(stamp, byKey.get(key)));
        });
        owned.expect(arriving);
        try {
            subjects.putAll(stamps);
            if (!awaitAppliedHere(stamps.keySet(), true, APPLY_WAIT)) {
                LOG.warn("{} enrollments were not applied to this member's galleries in time (they are durable)",
                        stamps.size());
            }
        } finally {
            owned.expected(arriving.keySet());
        }
        Set<String> taken = new HashSet<>(sealedById.keySet());
        stored.forEach(key -> taken.remove(key.subjectId()));
        return taken;
    }

    /** A subject's record, read from PostgreSQL if the grid says it is enrolled (an id it lacks is not asked about). */
    public Optional<SubjectRecord> subject(String gallery, String subjectId) {
        requireGallery(gallery);
        if (grid(() -> subjects.get(new SubjectKey(gallery, subjectId).gridKey())) == null) {
            return Optional.empty();
        }
        return store.subject(gallery, subjectId);
    }

    /**
     * Replaces a subject's record with {@code change} of it, the key locked meanwhile: the new
     * record is committed to PostgreSQL, then a new stamp tells the owner's galleries to read it.
     */
    public SubjectRecord update(String gallery, String subjectId, UnaryOperator<SubjectRecord> change) {
        requireGallery(gallery);
        SubjectKey key = new SubjectKey(gallery, subjectId);
        String gridKey = key.gridKey();
        return grid(() -> {
            subjects.lock(gridKey);
            try {
                SubjectRecord updated = change.apply(subject(gallery, subjectId)
                        .orElseThrow(() -> unknownSubject(gallery, subjectId)));
                store.putSealed(Map.of(key, sealed.seal(gallery, updated)));
                subjects.set(gridKey, SubjectStamps.next());
                return updated;
            } finally {
                subjects.unlock(gridKey);
            }
        });
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

    public void deleteSubject(String gallery, String subjectId) {
        requireGallery(gallery);
        String key = new SubjectKey(gallery, subjectId).gridKey();
        if (grid(() -> subjects.remove(key)) == null) {
            throw unknownSubject(gallery, subjectId);
        }
        awaitApplied(List.of(key), false);
    }

    private static EngineException unknownSubject(String gallery, String subjectId) {
        return EngineException.notFound("subject '" + subjectId + "' is not enrolled in gallery '" + gallery + "'");
    }

    private static EngineException alreadyEnrolled(String gallery, String subjectId) {
        return EngineException.alreadyExists("subject '" + subjectId + "' is already enrolled in gallery '"
                + gallery + "'");
    }

    /**
     * Read-your-writes: waits until the keys' owners have applied the writes to their galleries
     * (entry events reach them asynchronously), asking each owner once about all of its keys. The
     * writes are durable already, so a slow owner only delays the answer; past {@link #APPLY_WAIT}
     * it is logged, not failed.
     */
    private void awaitApplied(List<String> gridKeys, boolean present) {
        Map<Member, List<String>> byOwner = new HashMap<>();
        for (String gridKey : gridKeys) {
            Member owner = hazelcast.getPartitionService().getPartition(gridKey).getOwner();
            if (owner != null) {
                byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(gridKey);
            }
        }
        Map<Member, Future<Boolean>> confirmations = new HashMap<>();
        long due = System.nanoTime() + APPLY_WAIT.toNanos() * 2;
        try {
            byOwner.forEach((owner, keys) -> confirmations.put(owner, tasks.submitToMember(
                    new MemberTask.AwaitApplied(keys, present, APPLY_WAIT.toMillis()), owner)));
            for (Map.Entry<Member, Future<Boolean>> confirmation : confirmations.entrySet()) {
                if (!confirmation.getValue().get(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} did not apply {} writes to its galleries in time (they are durable)",
                            confirmation.getKey().getAddress(), byOwner.get(confirmation.getKey()).size());
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("the owners of {} writes did not confirm them in their galleries (they are durable): {}",
                    gridKeys.size(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until this member's galleries search (or no longer search) the subjects of these keys
     * it owns; false when {@code wait} passed first.
     */
    boolean awaitAppliedHere(Collection<String> gridKeys, boolean present, Duration wait) throws InterruptedException {
        long due = System.nanoTime() + wait.toNanos();
        for (String gridKey : gridKeys) {
            while (!applied(gridKey, present)) {
                if (System.nanoTime() > due) {
                    return false;
                }
                Thread.sleep(1);
            }
        }
        // A change seen as applied may still be unpublished: this returns once it is searchable.
        owned.awaitQueuedChanges();
        return true;
    }

    /** True once this member's galleries hold (or no longer hold) the subject, or it no longer owns it. */
    private boolean applied(String gridKey, boolean present) {
        return !hazelcast.getPartitionService().getPartition(gridKey).getOwner().localMember()
                || owned.holds(gridKey) == present;
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
            answers.add(grid(() -> answer(answer, APPLY_WAIT)));
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
        lost.close();
        hazelcast.getLifecycleService().terminate();
        searchPool.shutdownNow();
    }

    /** Leaves the cluster gracefully: its partitions are handed to the others first. */
    @Override
    public void close() {
        owned.close();
        lost.close();
        hazelcast.shutdown();
        searchPool.shutdownNow();
    }
}
