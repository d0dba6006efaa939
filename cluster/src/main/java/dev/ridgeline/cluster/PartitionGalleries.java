package dev.ridgeline.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.GalleryStats;
import dev.ridgeline.engine.gallery.IdentifyOutcome;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.store.SealedRecords;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subjects of the partitions this member owns, held in the engine's in-memory galleries. When
 * ownership changes (a cold start, a migration, a member gone), partitions lost are dropped and
 * partitions gained are claimed in PostgreSQL and read from it whole ({@code WHERE partition =
 * ...}, {@link PostgresStore#claimPartitions}). Writes to a partition go through its owner, which
 * commits them fenced by the epoch of its claim and then adds them here ({@link #addCommitted}):
 * the grid holds nothing per subject. A partition whose records cannot be read (PostgreSQL down)
 * stays uncovered and is tried again by the next reconciliation. Each subject is searched on
 * exactly one member.
 *
 * <p>One thread applies every change, so a partition's load and the writes around it apply in the
 * order they happened. A partition counts as covered from the moment all its subjects are in the
 * galleries until ownership moves away; a search reports the partitions that were covered for its
 * whole run.
 */
final class PartitionGalleries implements AutoCloseable {

    /** Ownership is rechecked this often besides on migration events: promotions after a member dies come without one. */
    private static final long RECONCILE_MILLIS = 100;
    /** Chunks of a partition read being opened and added on the search pool at once ({@link PartitionRows}). */
    private static final int CHUNKS_IN_FLIGHT = 2;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionGalleries.class);

    private final PartitionService partitions;
    private final PostgresStore store;
    private final SealedRecords sealed;
    private final Function<String, Optional<GalleryConfig>> galleryConfigs;
    private final ExecutorService searchPool;
    /** This member's name in PostgreSQL's partition table. */
    private final String memberName;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ridgeline-partition-galleries");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Gallery> galleries = new ConcurrentHashMap<>();
    /** Keys of the subjects in the galleries, by partition; the writer thread's alone. */
    private final Map<Integer, Set<SubjectKey>> keysByPartition = new HashMap<>();
    /** Partitions whose subjects are all in the galleries, with the epoch this member claimed each at. */
    private final Map<Integer, Long> epochs = new ConcurrentHashMap<>();
    /** Partitions whose load failed, so that each failure is logged once, not on every retry. */
    private final Set<Integer> unloadable = new HashSet<>();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final AtomicLong loadedPartitions = new AtomicLong();
    /** Replica migrations of the running rebalance not yet done, as the last migration event said. */
    private volatile int migrationsInFlight;
    private UUID migrationListener;

    PartitionGalleries(PartitionService partitions, PostgresStore store, SealedRecords sealed,
                       Function<String, Optional<GalleryConfig>> galleryConfigs, ExecutorService searchPool,
                       String memberName) {
        this.partitions = partitions;
        this.store = store;
        this.sealed = sealed;
        this.galleryConfigs = galleryConfigs;
        this.searchPool = searchPool;
        this.memberName = memberName;
    }

    void start() {
        migrationListener = partitions.addMigrationListener(new OwnershipChanges());
        writer.scheduleWithFixedDelay(() -> apply(this::reconcile), 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The epochs this member holds these partitions whole at; one missing is not held here (moving, loading). */
    Map<Integer, Long> epochsOf(Collection<SubjectKey> keys) {
        Map<Integer, Long> held = new HashMap<>();
        for (SubjectKey key : keys) {
            Long epoch = epochs.get(key.partition());
            if (epoch != null) {
                held.put(key.partition(), epoch);
            }
        }
        return held;
    }

    /**
     * Adds or replaces subjects whose records were committed under {@code epochs}, and returns once
     * searches find them. A record whose partition has left this member since is not added: its
     * new owner's claim came after the commit, so it read the record from PostgreSQL.
     */
    void addCommitted(Map<SubjectKey, byte[]> records, Map<Integer, Long> epochsWritten) throws InterruptedException {
        onWriter(() -> addEach(stillHeld(records.keySet(), epochsWritten).stream()
                .collect(HashMap::new, (added, key) -> added.put(key, records.get(key)), Map::putAll)));
    }

    /** Removes subjects whose deletion was committed under {@code epochs}, as {@link #addCommitted} adds. */
    void removeCommitted(Collection<SubjectKey> keys, Map<Integer, Long> epochsWritten) throws InterruptedException {
        onWriter(() -> remove(stillHeld(keys, epochsWritten)));
    }

    /**
     * A write under these epochs was fenced out: another member claimed those partitions since.
     * Those this member still holds at the same epoch are given up and claimed again (with what
     * PostgreSQL holds now) by the next reconciliation if the grid still says they are ours.
     */
    void reclaim(Collection<SubjectKey> fencedOut, Map<Integer, Long> epochsWritten) {
        submit(() -> {
            boolean dropped = false;
            for (SubjectKey key : fencedOut) {
                Long written = epochsWritten.get(key.partition());
                if (written != null && epochs.remove(key.partition(), written)) {
                    LOG.warn("partition {} was claimed by another member; it is loaded again", key.partition());
                    dropped = true;
                }
            }
            if (dropped) {
                reconcile();
            }
        });
    }

    private List<SubjectKey> stillHeld(Collection<SubjectKey> keys, Map<Integer, Long> epochsWritten) {
        return keys.stream().filter(key -> {
            Long held = epochs.get(key.partition());
            return held != null && held.equals(epochsWritten.get(key.partition()));
        }).toList();
    }

    /** Answers a search over the covered partitions of this member. */
    MemberAnswer search(String galleryName, Probe probe, AttributeFilter filter, int k, SearchMode mode,
                        UUID member) {
        long started = System.nanoTime();
        Set<Integer> before = coveredNow();
        Gallery gallery = galleries.get(galleryName);
        IdentifyOutcome outcome = gallery == null ? new IdentifyOutcome(List.of(), 0)
                : gallery.identify(probe, filter, k, mode, searchPool, Cancellation.NEVER);
        // A partition dropped or reloaded during the search may be missing from it: claim only those covered throughout.
        before.retainAll(coveredNow());
        return new MemberAnswer(member, before.stream().mapToInt(Integer::intValue).toArray(), outcome.ranked(),
                outcome.searched(), System.nanoTime() - started);
    }

    /** A probe as every member scores it: the templates that crossed the grid (a face's int8 vector). */
    static Probe probe(List<TemplateEnvelope> templates) {
        if (templates.isEmpty()) {
            throw EngineException.invalid("a probe needs at least one template");
        }
        return Probe.of(templates.stream().map(Matchable::probe).toList(), ScoreFusion.shipped());
    }

    /**
     * A 1:1 against a subject of this member's galleries, answered only if its partition was
     * covered from before the comparison to after it (so "not enrolled" is never a partition
     * half loaded or just dropped).
     */
    OwnedVerification verify(String galleryName, String subjectId, List<TemplateEnvelope> probe) {
        OwnedVerification held = lookUp(galleryName, subjectId);
        if (!held.covered() || !held.enrolled()) {
            return held;
        }
        SubjectScore score = galleries.get(galleryName).verify(verificationProbe(probe), subjectId).orElse(null);
        Partition partition = partitions.getPartition(new SubjectKey(galleryName, subjectId).gridKey());
        return coversNow(partition) ? new OwnedVerification(true, true, score) : OwnedVerification.NOT_COVERED;
    }

    /** Whether the galleries hold the subject, answered only if its partition is held here whole. */
    OwnedVerification lookUp(String galleryName, String subjectId) {
        Partition partition = partitions.getPartition(new SubjectKey(galleryName, subjectId).gridKey());
        if (!coversNow(partition)) {
            return OwnedVerification.NOT_COVERED;
        }
        Gallery gallery = galleries.get(galleryName);
        boolean enrolled = gallery != null && gallery.contains(subjectId);
        return coversNow(partition) ? new OwnedVerification(true, enrolled, null) : OwnedVerification.NOT_COVERED;
    }

    /** Whether this member owns that partition now and holds all its subjects (one partition: a 1:1's check). */
    private boolean coversNow(Partition partition) {
        Member owner = partition.getOwner();
        return owner != null && owner.localMember() && epochs.containsKey(partition.getPartitionId());
    }

    private static Probe verificationProbe(List<TemplateEnvelope> templates) {
        return Probe.forVerification(templates.stream().map(Matchable::probe).toList(), ScoreFusion.shipped());
    }

    /** This member's share of a gallery. */
    GalleryStats stats(String galleryName) {
        Gallery gallery = galleries.get(galleryName);
        return gallery == null ? GalleryStats.empty() : gallery.stats();
    }

    /** This member's share of each gallery it holds subjects of. */
    List<GalleryDescription> describe() {
        return galleries.values().stream().map(Gallery::describe)
                .sorted(Comparator.comparing(GalleryDescription::name)).toList();
    }

    /** Drops a deleted gallery and its subjects (PostgreSQL deleted them with it). */
    void forget(String galleryName) {
        submit(() -> {
            galleries.remove(galleryName);
            keysByPartition.values().forEach(keys -> keys.removeIf(key -> key.gallery().equals(galleryName)));
        });
    }

    int migrationsInFlight() {
        return migrationsInFlight;
    }

    /**
     * Whether every partition has an owner (the grid assigns them only once asked) and this
     * member holds whole each one it owns.
     */
    boolean holdsOwnedPartitions() {
        for (Partition partition : partitions.getPartitions()) {
            Member owner = partition.getOwner();
            if (owner == null || owner.localMember() && !epochs.containsKey(partition.getPartitionId())) {
                return false;
            }
        }
        return true;
    }

    /** Partitions this member owns now. */
    int ownedPartitions() {
        return owned().size();
    }

    /** Partitions this member has read from PostgreSQL since it started (a cold start, migrations, failovers). */
    long loadedPartitions() {
        return loadedPartitions.get();
    }

    /** Subjects held here, for tests and stats. */
    long subjectCount() {
        return galleries.values().stream().mapToLong(gallery -> gallery.stats().subjects()).sum();
    }

    private Set<Integer> coveredNow() {
        Set<Integer> owned = owned();
        owned.retainAll(epochs.keySet());
        return owned;
    }

    private Set<Integer> owned() {
        Set<Integer> owned = new HashSet<>();
        for (Partition partition : partitions.getPartitions()) {
            Member owner = partition.getOwner();
            if (owner != null && owner.localMember()) {
                owned.add(partition.getPartitionId());
            }
        }
        return owned;
    }

    /**
     * Drops partitions no longer owned, then claims those newly owned in PostgreSQL and reads their
     * subjects from it.
     */
    private void reconcile() {
        Set<Integer> owned = owned();
        epochs.keySet().retainAll(owned);
        for (Integer lost : keysByPartition.keySet().stream().filter(p -> !owned.contains(p)).toList()) {
            remove(keysByPartition.get(lost));
        }
        Set<Integer> gained = new HashSet<>(owned);
        gained.removeAll(epochs.keySet());
        if (gained.isEmpty()) {
            return;
        }
        load(gained);
    }

    /**
     * Claims partitions and reads their subjects. A partition holding a record that cannot be added
     * (sealed with a key this member lacks, say) is left uncovered, so searches say so instead of
     * silently missing that subject; the others of the batch are loaded one by one.
     */
    private void load(Set<Integer> gained) {
        // Whatever is here of a gained partition is from an earlier ownership: it is read anew.
        dropSubjectsOf(gained);
        PartitionRows rows = new PartitionRows();
        try {
            Map<Integer, Long> claimed = store.claimPartitions(gained, memberName, rows::take);
            // A chunk failing after the last one was read leaves its partitions claimed but not held:
            // they are claimed again, and read anew, by a later reconciliation.
            rows.finish();
            epochs.putAll(claimed);
            loadedPartitions.addAndGet(claimed.size());
            unloadable.removeAll(gained);
        } catch (RuntimeException e) {
            rows.abandon();
            dropSubjectsOf(gained);
            boolean storeDown = e instanceof EngineException engine && engine.kind() == EngineException.Kind.UNAVAILABLE;
            if (gained.size() > 1 && !storeDown) {
                gained.forEach(partition -> load(Set.of(partition)));
            } else if (unloadable.addAll(gained)) {
                // Left uncovered, so searches say so; tried again on every reconciliation, told once.
                LOG.error("{} partitions cannot be loaded into this member's galleries", gained.size(), e);
            }
        }
    }

    private void dropSubjectsOf(Collection<Integer> partitionIds) {
        for (Integer partition : partitionIds) {
            Set<SubjectKey> keys = keysByPartition.get(partition);
            if (keys != null) {
                remove(keys);
            }
        }
    }

    /** Adds or replaces subjects, publishing each gallery's touched shards once. */
    private void add(Map<SubjectKey, byte[]> records) {
        Map<Gallery, List<String>> added = new HashMap<>();
        for (Map.Entry<SubjectKey, byte[]> record : inKnownGalleries(records)) {
            Opened subject = open(record);
            SubjectKey key = subject.key();
            Gallery gallery = galleries.get(key.gallery());
            if (gallery.contains(key.subjectId())) {
                // Replaced in two steps (an update is briefly absent), never held twice.
                gallery.removeAll(List.of(key.subjectId()));
            }
            gallery.add(subject.subject(), subject.templates(), false);
            file(added, gallery, key);
        }
        added.forEach(Gallery::publishShardsOf);
    }

    /** Files a subject added to {@code gallery}: under its partition, and among the ids whose shards are published. */
    private void file(Map<Gallery, List<String>> added, Gallery gallery, SubjectKey key) {
        added.computeIfAbsent(gallery, g -> new ArrayList<>()).add(key.subjectId());
        keysByPartition.computeIfAbsent(key.partition(), p -> new HashSet<>()).add(key);
    }

    /** The records whose gallery this member knows; the others are logged and left out. */
    private List<Map.Entry<SubjectKey, byte[]>> inKnownGalleries(Map<SubjectKey, byte[]> records) {
        List<Map.Entry<SubjectKey, byte[]>> known = new ArrayList<>();
        records.forEach((key, record) -> {
            if (gallery(key.gallery()) == null) {
                LOG.warn("subject '{}' belongs to gallery '{}', which is not in the store: not searchable",
                        key.subjectId(), key.gallery());
            } else {
                known.add(Map.entry(key, record));
            }
        });
        return known;
    }

    /** A record unsealed and its templates made ready to match. */
    private record Opened(SubjectKey key, SubjectRecord subject, List<Matchable> templates) {
    }

    private Opened open(Map.Entry<SubjectKey, byte[]> record) {
        SubjectKey key = record.getKey();
        SubjectRecord subject = sealed.open(key.gallery(), key.subjectId(), record.getValue());
        return new Opened(key, subject, subject.templates().stream().map(Matchable::stored).toList());
    }

    /**
     * The rows of partitions being claimed, chunk by chunk as PostgreSQL streams them: each chunk
     * is opened and added to the galleries on the search pool while the next one is read, at most
     * {@value #CHUNKS_IN_FLIGHT} at a time (read, opened and added in turn on one thread, a cold
     * start left a third of two cores idle). Keys are filed on the writer thread as chunks arrive;
     * the galleries are published once every chunk is in.
     */
    private final class PartitionRows {
        private final Semaphore slots = new Semaphore(CHUNKS_IN_FLIGHT);
        private final List<CompletableFuture<Void>> chunks = new ArrayList<>();
        private final Map<Gallery, List<String>> added = new HashMap<>();

        /** Takes a chunk; throws the failure of an earlier one, so that the claim reading them is rolled back. */
        void take(Map<SubjectKey, byte[]> records) {
            chunks.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().ifPresent(this::await);
            List<Map.Entry<SubjectKey, byte[]>> known = inKnownGalleries(records);
            for (Map.Entry<SubjectKey, byte[]> record : known) {
                file(added, galleries.get(record.getKey().gallery()), record.getKey());
            }
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                throw loadInterrupted(e);
            }
            chunks.add(CompletableFuture.runAsync(() -> known.forEach(record -> {
                Opened subject = open(record);
                galleries.get(subject.key().gallery()).add(subject.subject(), subject.templates(), false);
            }), searchPool).whenComplete((done, failure) -> slots.release()));
        }

        /** Waits for every chunk and publishes them; throws the first failure. */
        void finish() {
            chunks.forEach(this::await);
            added.forEach(Gallery::publishShardsOf);
        }

        /** Waits for the chunks still being added, whatever became of them: the caller drops what they added. */
        void abandon() {
            for (CompletableFuture<Void> chunk : chunks) {
                try {
                    await(chunk);
                } catch (RuntimeException e) {
                    LOG.debug("a chunk of an abandoned partition read ended badly", e);
                }
            }
        }

        /**
         * Waits for a chunk and throws its failure. A closing member's pool drops the chunks not yet
         * started, which then never end: the wait gives up once the pool is shut down.
         */
        private void await(CompletableFuture<Void> chunk) {
            while (true) {
                try {
                    chunk.get(1, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
                } catch (TimeoutException e) {
                    if (searchPool.isShutdown()) {
                        throw new EngineException(EngineException.Kind.UNAVAILABLE, "this member is shutting down", e);
                    }
                } catch (InterruptedException e) {
                    throw loadInterrupted(e);
                }
            }
        }
    }

    /** Keeps the thread's interrupt and says that a wait for partitions to load was cut short. */
    static EngineException loadInterrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted while loading partitions", e);
    }

    /** Adds subjects together; if that fails, one by one, so that one bad record keeps no other out. */
    private void addEach(Map<SubjectKey, byte[]> records) {
        try {
            add(records);
        } catch (RuntimeException together) {
            records.forEach((key, record) -> {
                try {
                    add(Map.of(key, record));
                } catch (RuntimeException e) {
                    LOG.error("subject {} cannot be added to this member's galleries: not searchable here",
                            key.gridKey(), e);
                }
            });
        }
    }

    private void remove(Collection<SubjectKey> keys) {
        Map<String, List<String>> byGallery = new HashMap<>();
        for (SubjectKey key : List.copyOf(keys)) {
            byGallery.computeIfAbsent(key.gallery(), g -> new ArrayList<>()).add(key.subjectId());
            Set<SubjectKey> held = keysByPartition.get(key.partition());
            if (held != null && held.remove(key) && held.isEmpty()) {
                keysByPartition.remove(key.partition());
            }
        }
        byGallery.forEach((name, ids) -> {
            Gallery gallery = galleries.get(name);
            if (gallery != null) {
                gallery.removeAll(ids);
            }
        });
    }

    private Gallery gallery(String name) {
        Gallery gallery = galleries.get(name);
        if (gallery == null) {
            gallery = galleryConfigs.apply(name).map(Gallery::new).orElse(null);
            if (gallery != null) {
                galleries.put(name, gallery);
            }
        }
        return gallery;
    }

    /** Runs a change on the writer thread; a failure is logged, never allowed to stop the thread. */
    private void apply(Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            LOG.error("keeping this member's galleries in step with its partitions failed; retried on the next change", e);
        }
    }

    /** Runs a change on the writer thread and waits until it is applied and published to searches. */
    private void onWriter(Runnable change) throws InterruptedException {
        try {
            writer.submit(change).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (RejectedExecutionException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "this member is shutting down", e);
        }
    }

    /** One reconciliation covers any number of ownership events queued before it: a rebalance sends hundreds. */
    private void requestReconcile() {
        if (reconcileQueued.compareAndSet(false, true)) {
            submit(() -> {
                reconcileQueued.set(false);
                reconcile();
            });
        }
    }

    private void submit(Runnable change) {
        if (!writer.isShutdown()) {
            writer.execute(() -> apply(change));
        }
    }

    private final class OwnershipChanges implements MigrationListener {

        @Override
        public void migrationStarted(MigrationState state) {
            migrationsInFlight = state.getRemainingMigrations();
        }

        @Override
        public void migrationFinished(MigrationState state) {
            migrationsInFlight = 0;
            requestReconcile();
        }

        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            migrationsInFlight = event.getMigrationState().getRemainingMigrations();
            requestReconcile();
        }

        @Override
        public void replicaMigrationFailed(ReplicaMigrationEvent event) {
            migrationsInFlight = event.getMigrationState().getRemainingMigrations();
            requestReconcile();
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
        if (migrationListener != null) {
            try {
                partitions.removeMigrationListener(migrationListener);
            } catch (RuntimeException e) {
                LOG.debug("listeners went with the member", e);
            }
        }
    }
}
