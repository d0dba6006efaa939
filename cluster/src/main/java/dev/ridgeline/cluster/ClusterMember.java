package dev.ridgeline.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Decision;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.store.SealedRecords;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Ridgeline process in a cluster: a Hazelcast member whose share of every gallery (the
 * partitions it owns) is held in the engine's in-memory galleries, with PostgreSQL as the system of
 * record. Any member takes any call: an enrollment goes to its subject's partition owner (written
 * through to PostgreSQL, backed up on a second member), a search goes to every member and their
 * answers are merged.
 */
public final class ClusterMember implements AutoCloseable {

    /** Where a search task arriving on this member finds it: Hazelcast's user context. */
    static final String CONTEXT_KEY = ClusterMember.class.getName();

    private final HazelcastInstance hazelcast;
    private final PostgresStore store;
    private final SealedRecords sealed;
    private final ScoreFusion fusion = ScoreFusion.shipped();
    private final Map<String, GalleryConfig> galleryConfigs = new ConcurrentHashMap<>();
    private final ExecutorService searchPool;
    private final IMap<String, byte[]> subjects;
    private final PartitionGalleries owned;
    private final ScatterGather scatterGather;

    private ClusterMember(ClusterSettings settings, PostgresStore store, KeyRing keys, int searchThreads) {
        this.store = store;
        this.sealed = new SealedRecords(keys);
        AtomicInteger threadNumber = new AtomicInteger();
        this.searchPool = Executors.newFixedThreadPool(searchThreads, runnable -> {
            Thread thread = new Thread(runnable, "ridgeline-cluster-search-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.hazelcast = Hazelcast.newHazelcastInstance(MemberConfig.of(settings, new SubjectMapStore(store)));
        this.subjects = hazelcast.getMap(MemberConfig.SUBJECTS_MAP);
        this.owned = new PartitionGalleries(subjects, hazelcast.getPartitionService(), sealed, this::galleryConfig,
                searchPool);
        this.scatterGather = new ScatterGather(hazelcast.getExecutorService(MemberConfig.SEARCH_EXECUTOR),
                MemberConfig.PARTITION_COUNT);
        hazelcast.getUserContext().put(CONTEXT_KEY, this);
        owned.start();
    }

    /**
     * Joins (or forms) the cluster; returns once a cold cluster has loaded its subjects from
     * PostgreSQL. Subjects are sealed with {@code keys} before they enter the grid.
     */
    public static ClusterMember start(ClusterSettings settings, PostgresStore store, KeyRing keys, int searchThreads) {
        return new ClusterMember(settings, store, keys, searchThreads);
    }

    public int members() {
        return hazelcast.getCluster().getMembers().size();
    }

    /** Subjects this member holds in its galleries (the partitions it owns). */
    public long ownedSubjects() {
        return owned.subjectCount();
    }

    public GalleryConfig createGallery(String name, int shards, double defaultTargetFmr) {
        GalleryConfig config = new GalleryConfig(name, shards, defaultTargetFmr == 0
                ? GalleryConfig.DEFAULT_TARGET_FMR : defaultTargetFmr, Instant.now());
        store.createGallery(config);
        return config;
    }

    /**
     * Enrolls (or replaces) a subject: returns once PostgreSQL has committed it and a second member
     * holds its backup. It is searchable moments later, when its partition owner has added it to
     * its gallery.
     */
    public void enroll(String gallery, SubjectRecord record) {
        requireGallery(gallery);
        subjects.set(new SubjectKey(gallery, record.subjectId()).gridKey(), sealed.seal(gallery, record));
    }

    public void deleteSubject(String gallery, String subjectId) {
        requireGallery(gallery);
        if (subjects.remove(new SubjectKey(gallery, subjectId).gridKey()) == null) {
            throw EngineException.notFound("subject '" + subjectId + "' is not enrolled in gallery '" + gallery + "'");
        }
    }

    /**
     * 1:N over the whole cluster at a per-comparison {@code targetFmr} (0: the gallery's default).
     * Candidates come with their decisions, matches and non-matches alike.
     *
     * @throws EngineException UNAVAILABLE when no search covered every partition within {@code deadline}
     */
    public ClusterIdentification identify(String gallery, List<TemplateEnvelope> probeTemplates, AttributeFilter filter,
                                          int maxResults, double targetFmr, Duration deadline) {
        long due = System.nanoTime() + deadline.toNanos();
        GalleryConfig config = requireGallery(gallery);
        double fmr = targetFmr == 0 ? config.defaultTargetFmr() : targetFmr;
        Probe probe = probe(probeTemplates);
        fusion.checkOperatingPoint(probe, fmr);
        PartitionSearch search = new PartitionSearch(gallery, SealedProbe.seal(sealed, gallery, probeTemplates), filter,
                maxResults, SearchMode.TWO_STAGE);
        ScatterGather.Gathered gathered = scatterGather.search(search, maxResults, due);
        List<RankedCandidate> candidates = new ArrayList<>();
        for (SubjectScore score : gathered.ranked()) {
            Decision decision = fusion.decide(probe, score.score(), fmr);
            candidates.add(new RankedCandidate(candidates.size() + 1, score, decision));
        }
        return new ClusterIdentification(new Identification(candidates, gathered.searched(),
                fusion.threshold(probe, fmr), fmr, 0), gathered.coverage());
    }

    /** This member's part of a cluster search ({@link PartitionSearch}). */
    MemberAnswer searchOwned(String gallery, byte[] sealedProbe, AttributeFilter filter, int k, SearchMode mode) {
        Probe probe = probe(SealedProbe.open(sealed, gallery, sealedProbe));
        return owned.search(gallery, probe, filter, k, mode, hazelcast.getCluster().getLocalMember().getUuid());
    }

    private Probe probe(List<TemplateEnvelope> templates) {
        if (templates.isEmpty()) {
            throw EngineException.invalid("a probe needs at least one template");
        }
        return Probe.of(templates.stream().map(Matchable::probe).toList(), fusion);
    }

    private GalleryConfig requireGallery(String name) {
        return galleryConfig(name).orElseThrow(() -> EngineException.notFound("gallery '" + name + "' does not exist"));
    }

    /** Gallery configs never change once created: each is read from PostgreSQL once. */
    private Optional<GalleryConfig> galleryConfig(String name) {
        GalleryConfig known = galleryConfigs.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<GalleryConfig> stored = store.gallery(name);
        stored.ifPresent(config -> galleryConfigs.put(name, config));
        return stored;
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
