package dev.ridgeline.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryLoadedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.GalleryStats;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.IdentifyOutcome;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.store.SealedRecords;
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
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subjects of the partitions this member owns, held in the engine's in-memory galleries and
 * kept in step with the grid: entry events on owned keys add and remove subjects; when ownership
 * changes (migration, a member gone and its backups promoted here) partitions gained are loaded
 * and partitions lost are dropped. The grid holds stamps ({@link SubjectStamps}): the records are
 * read from PostgreSQL, except those an enrollment on this member hands over as it writes them
 * ({@link #expect}). A partition whose records cannot be read (PostgreSQL down) stays uncovered,
 * and is loaded again by the next reconciliation. Backups stay out of the galleries: each subject
 * is searched on exactly one member. A partition gained without its marker
 * ({@link PartitionMarkers}) lost every copy, so its subjects are reloaded from PostgreSQL first
 * ({@link LostPartitions}) and it counts as covered only once its marker is back.
 *
 * <p>One thread applies every change, so a partition's load and the entry events around it apply
 * in the order they happened. A partition counts as covered only from the moment all its subjects
 * are in the galleries until ownership moves away; a search reports the partitions that were
 * covered for its whole run.
 */
final class PartitionGalleries implements AutoCloseable {

    /** Ownership is rechecked this often besides on migration events: promotions after a member dies come without one. */
    private static final long RECONCILE_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionGalleries.class);

    private final IMap<String, byte[]> subjects;
    private final IMap<String, Boolean> intact;
    private final PartitionMarkers markers;
    private final LostPartitions lost;
    private final PartitionService partitions;
    private final PostgresStore store;
    private final SealedRecords sealed;
    private final Function<String, Optional<GalleryConfig>> galleryConfigs;
    private final ExecutorService searchPool;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ridgeline-partition-galleries");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Gallery> galleries = new ConcurrentHashMap<>();
    /** Grid keys of the subjects in the galleries, by partition; the writer thread's alone. */
    private final Map<Integer, Set<String>> keysByPartition = new HashMap<>();
    /** Partitions whose subjects are all in the galleries. */
    private final Set<Integer> covered = ConcurrentHashMap.newKeySet();
    /** Partitions whose load failed, so that each failure is logged once, not on every retry. */
    private final Set<Integer> unloadable = new HashSet<>();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    /**
     * Entry events not yet applied. The writer takes all waiting at once, so a bulk write's events
     * cost one task and one publish of each shard they touch, not one of each per subject.
     */
    private final Queue<EntryEvent<String, byte[]>> pendingEvents = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean eventsQueued = new AtomicBoolean();
    /** Records enrollments on this member are putting into the grid, by grid key: their events need not read PostgreSQL. */
    private final Map<String, Arriving> arriving = new ConcurrentHashMap<>();
    /** Replica migrations of the running rebalance not yet done, as the last migration event said. */
    private volatile int migrationsInFlight;
    private UUID entryListener;
    private UUID migrationListener;

    PartitionGalleries(IMap<String, byte[]> subjects, IMap<String, Boolean> intact, PartitionMarkers markers,
                       LostPartitions lost, PartitionService partitions, PostgresStore store, SealedRecords sealed,
                       Function<String, Optional<GalleryConfig>> galleryConfigs, ExecutorService searchPool) {
        this.subjects = subjects;
        this.intact = intact;
        this.markers = markers;
        this.lost = lost;
        this.partitions = partitions;
        this.store = store;
        this.sealed = sealed;
        this.galleryConfigs = galleryConfigs;
        this.searchPool = searchPool;
    }

    void start() {
        entryListener = subjects.addLocalEntryListener(new EntryChanges(), Predicates.alwaysTrue(), true);
        migrationListener = partitions.addMigrationListener(new OwnershipChanges());
        writer.scheduleWithFixedDelay(() -> apply(this::reconcile), 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A record an enrollment committed, with the stamp its grid entry carries. */
    record Arriving(byte[] stamp, byte[] sealed) {
    }

    /** Hands over records an enrollment is about to stamp into the grid, so their entry events need no read. */
    void expect(Map<String, Arriving> records) {
        arriving.putAll(records);
    }

    /** The enrollment has been applied, or has given up: its records are no longer kept for their events. */
    void expected(Collection<String> gridKeys) {
        gridKeys.forEach(arriving::remove);
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
        Partition partition = partitions.getPartition(new SubjectKey(galleryName, subjectId).gridKey());
        if (!coversNow(partition)) {
            return OwnedVerification.NOT_COVERED;
        }
        Gallery gallery = galleries.get(galleryName);
        boolean enrolled = gallery != null && gallery.contains(subjectId);
        SubjectScore score = enrolled ? gallery.verify(verificationProbe(probe), subjectId).orElse(null) : null;
        return coversNow(partition) ? new OwnedVerification(true, enrolled, score) : OwnedVerification.NOT_COVERED;
    }

    /** Whether this member owns that partition now and holds all its subjects (one partition: a 1:1's check). */
    private boolean coversNow(Partition partition) {
        Member owner = partition.getOwner();
        return owner != null && owner.localMember() && covered.contains(partition.getPartitionId());
    }

    private static Probe verificationProbe(List<TemplateEnvelope> templates) {
        return Probe.forVerification(templates.stream().map(Matchable::probe).toList(), ScoreFusion.shipped());
    }

    /** Whether every subject of that grid key's partition is in this member's galleries (so an absent key is absent). */
    boolean holdsPartitionOf(String gridKey) {
        return covered.contains(partitionOf(gridKey));
    }

    /** Whether this member's galleries hold the subject of that grid key now. */
    boolean holds(String gridKey) {
        SubjectKey key = SubjectKey.ofGridKey(gridKey);
        Gallery gallery = galleries.get(key.gallery());
        return gallery != null && gallery.contains(key.subjectId());
    }

    /** Waits until every change queued before this call has been applied and published to searches. */
    void awaitQueuedChanges() throws InterruptedException {
        try {
            writer.submit(() -> { }).get();
        } catch (ExecutionException | RejectedExecutionException e) {
            // closing: nothing more will be applied
        }
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

    /** Drops a deleted gallery (its subjects' removals have been applied or are dropped with it). */
    void forget(String galleryName) {
        submit(() -> galleries.remove(galleryName));
    }

    int migrationsInFlight() {
        return migrationsInFlight;
    }

    /** Partitions this member owns now. */
    int ownedPartitions() {
        return owned().size();
    }

    /** Subjects held here, for tests and stats. */
    long subjectCount() {
        return galleries.values().stream().mapToLong(gallery -> gallery.stats().subjects()).sum();
    }

    private Set<Integer> coveredNow() {
        Set<Integer> owned = owned();
        owned.retainAll(covered);
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

    /** Drops partitions no longer owned, then loads those newly owned from this member's part of the grid. */
    private void reconcile() {
        Set<Integer> owned = owned();
        covered.retainAll(owned);
        for (Integer lost : keysByPartition.keySet().stream().filter(p -> !owned.contains(p)).toList()) {
            remove(keysByPartition.get(lost));
        }
        Set<Integer> gained = new HashSet<>(owned);
        gained.removeAll(covered);
        if (gained.isEmpty()) {
            return;
        }
        Map<Integer, Set<String>> localKeys = subjects.localKeySet().stream()
                .collect(Collectors.groupingBy(this::partitionOf, Collectors.toSet()));
        Set<String> localMarkers = intact.localKeySet();
        List<Integer> lostWhole = new ArrayList<>();
        for (Integer partition : gained) {
            if (!localMarkers.contains(markers.key(partition))) {
                // Every copy of it died: what is in the grid is not all its subjects until PostgreSQL's are loaded.
                lostWhole.add(partition);
                continue;
            }
            Set<String> keys = localKeys.getOrDefault(partition, Set.of());
            try {
                if (!keys.isEmpty()) {
                    add(records(subjects.getAll(keys)));
                }
                covered.add(partition);
                unloadable.remove(partition);
            } catch (RuntimeException e) {
                // Left uncovered, so searches say so; tried again on every reconciliation, told once.
                if (unloadable.add(partition)) {
                    LOG.error("partition {} cannot be loaded into this member's galleries", partition, e);
                }
            }
        }
        if (!lostWhole.isEmpty()) {
            lost.reload(lostWhole);
        }
    }

    /** Adds or replaces subjects, publishing each gallery's touched shards once. */
    private void add(Map<String, byte[]> records) {
        Map<Gallery, List<String>> added = new HashMap<>();
        records.forEach((gridKey, record) -> {
            SubjectKey key = SubjectKey.ofGridKey(gridKey);
            Gallery gallery = gallery(key.gallery());
            if (gallery == null) {
                LOG.warn("subject '{}' belongs to gallery '{}', which is not in the store: not searchable",
                        key.subjectId(), key.gallery());
                return;
            }
            SubjectRecord subject = sealed.open(key.gallery(), key.subjectId(), record);
            List<Matchable> templates = subject.templates().stream().map(Matchable::stored).toList();
            if (gallery.contains(key.subjectId())) {
                // Replaced in two steps (an update is briefly absent), never held twice.
                gallery.removeAll(List.of(key.subjectId()));
            }
            gallery.add(subject, templates, false);
            added.computeIfAbsent(gallery, g -> new ArrayList<>()).add(key.subjectId());
            keysByPartition.computeIfAbsent(partitionOf(gridKey), p -> new HashSet<>()).add(gridKey);
        });
        added.forEach(Gallery::publishShardsOf);
    }

    private void remove(Collection<String> gridKeys) {
        Map<String, List<String>> byGallery = new HashMap<>();
        for (String gridKey : List.copyOf(gridKeys)) {
            SubjectKey key = SubjectKey.ofGridKey(gridKey);
            byGallery.computeIfAbsent(key.gallery(), g -> new ArrayList<>()).add(key.subjectId());
            int partition = partitionOf(gridKey);
            Set<String> keys = keysByPartition.get(partition);
            if (keys != null && keys.remove(gridKey) && keys.isEmpty()) {
                keysByPartition.remove(partition);
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

    private int partitionOf(String gridKey) {
        return partitions.getPartition(gridKey).getPartitionId();
    }

    /** Runs a change on the writer thread; a failure is logged, never allowed to stop the thread. */
    private void apply(Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            LOG.error("keeping this member's galleries in step with the grid failed; retried on the next change", e);
        }
    }

    private void queue(EntryEvent<String, byte[]> event) {
        pendingEvents.add(event);
        if (eventsQueued.compareAndSet(false, true)) {
            submit(this::applyPendingEvents);
        }
    }

    /** Applies the waiting entry events in their order: additions run together up to each removal. */
    private void applyPendingEvents() {
        eventsQueued.set(false);
        Map<String, byte[]> additions = new LinkedHashMap<>();
        for (EntryEvent<String, byte[]> event = pendingEvents.poll(); event != null; event = pendingEvents.poll()) {
            if (event.getEventType() == EntryEventType.REMOVED) {
                addEach(additions);
                additions.clear();
                remove(List.of(event.getKey()));
            } else {
                additions.put(event.getKey(), event.getValue());
            }
        }
        addEach(additions);
    }

    /**
     * The sealed records behind these stamps: handed over by an enrollment on this member when
     * the stamps match, otherwise read from PostgreSQL. A key deleted since is left out.
     */
    private Map<String, byte[]> records(Map<String, byte[]> stamps) {
        Map<String, byte[]> records = new HashMap<>();
        List<SubjectKey> unread = new ArrayList<>();
        stamps.forEach((gridKey, stamp) -> {
            Arriving handedOver = arriving.get(gridKey);
            if (handedOver != null && Arrays.equals(handedOver.stamp(), stamp)) {
                records.put(gridKey, handedOver.sealed());
            } else {
                unread.add(SubjectKey.ofGridKey(gridKey));
            }
        });
        store.loadSealed(unread).forEach((key, record) -> records.put(key.gridKey(), record));
        return records;
    }

    /**
     * Adds the subjects behind these stamps together; if that fails, one by one, so that one bad
     * record keeps no other out. If their records cannot be read, their partitions are uncovered
     * until a reconciliation loads them whole.
     */
    private void addEach(Map<String, byte[]> stamps) {
        if (stamps.isEmpty()) {
            return;
        }
        Map<String, byte[]> records;
        try {
            records = records(stamps);
        } catch (RuntimeException e) {
            Set<Integer> unread = stamps.keySet().stream().map(this::partitionOf).collect(Collectors.toSet());
            covered.removeAll(unread);
            LOG.error("the records of {} subjects could not be read; their {} partitions are searched again once"
                    + " they load", stamps.size(), unread.size(), e);
            return;
        }
        try {
            add(records);
        } catch (RuntimeException together) {
            records.forEach((gridKey, record) -> {
                try {
                    add(Map.of(gridKey, record));
                } catch (RuntimeException e) {
                    LOG.error("subject {} cannot be added to this member's galleries: not searchable here", gridKey, e);
                }
            });
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

    /** Events for keys this member owns. */
    private final class EntryChanges implements EntryAddedListener<String, byte[]>,
            EntryUpdatedListener<String, byte[]>, EntryLoadedListener<String, byte[]>,
            EntryRemovedListener<String, byte[]> {

        @Override
        public void entryAdded(EntryEvent<String, byte[]> event) {
            queue(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, byte[]> event) {
            queue(event);
        }

        @Override
        public void entryLoaded(EntryEvent<String, byte[]> event) {
            queue(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, byte[]> event) {
            queue(event);
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
        if (entryListener != null) {
            try {
                subjects.removeEntryListener(entryListener);
                partitions.removeMigrationListener(migrationListener);
            } catch (RuntimeException e) {
                LOG.debug("listeners went with the member", e);
            }
        }
    }
}
