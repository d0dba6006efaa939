package dev.ridgeline.cluster;

import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.EnrollOutcome;
import dev.ridgeline.engine.NewSubject;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.Sample;
import dev.ridgeline.engine.SampleMatching;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Attributes;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.gallery.SubjectView;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Ridgeline's operations over a cluster: the member taking a call templates its samples and
 * decides on scores here, as one node would ({@link SampleMatching}); subjects live in PostgreSQL
 * and in their partition owners' galleries ({@link ClusterMember}), and searches are
 * scatter-gathered over every member.
 */
public final class ClusterRidgeline implements Ridgeline {

    /** Within this a search must have covered every partition, or it fails UNAVAILABLE. */
    private static final Duration SEARCH_DEADLINE = Duration.ofSeconds(10);

    /** How often {@link #load} checks whether this member holds its partitions. */
    private static final Duration LOAD_POLL = Duration.ofMillis(100);

    private final SampleMatching matching;
    private final ClusterMember member;
    private final int defaultShards;
    private volatile boolean loaded;

    private ClusterRidgeline(SampleMatching matching, ClusterMember member, int defaultShards) {
        this.matching = matching;
        this.member = member;
        this.defaultShards = defaultShards;
    }

    /**
     * Checks the configuration and joins the cluster; returns once the member takes calls, while
     * it reads its partitions from PostgreSQL ({@link #load} waits for that).
     *
     * @throws IllegalArgumentException for a configuration the cluster cannot run with (no store
     *                                  key, another key than the cluster's, a newer schema,
     *                                  members that do not join), saying which
     * @throws EngineException          UNAVAILABLE when PostgreSQL cannot be reached
     */
    public static ClusterRidgeline start(EngineConfig config, ClusterSettings cluster, PostgresSettings postgres) {
        requireStoreKey(config.storeKeys());
        PostgresStore store = PostgresStore.open(postgres, config.storeKeys());
        SampleMatching matching = null;
        try {
            matching = new SampleMatching(config);
            ClusterMember member = ClusterMember.start(cluster, store, config.storeKeys(), config.searchThreads());
            return new ClusterRidgeline(matching, member, config.defaultShards());
        } catch (RuntimeException e) {
            if (matching != null) {
                matching.close();
            }
            store.close();
            throw e;
        }
    }

    /** @throws IllegalArgumentException without a current key: a cluster seals everything it shares */
    public static void requireStoreKey(KeyRing keys) {
        if (!keys.encrypts()) {
            throw new IllegalArgumentException("cluster mode needs a store key (--store-key-file or RIDGELINE_STORE_KEY):"
                    + " members share records over a network without TLS, so every record and probe is sealed with it"
                    + " (docs/CLUSTER.md)");
        }
    }

    public ClusterMember member() {
        return member;
    }

    /**
     * Returns once this member holds every partition it owns, read from PostgreSQL, reporting the
     * subjects it holds meanwhile (gallery {@code "*"}: a member loads by partition, every gallery
     * at once), so that health says NOT_SERVING until then. Calls are taken meanwhile: enrollments
     * go to the partitions' owners, and a search covering a partition not yet read is retried, then
     * refused, as at any time.
     */
    @Override
    public void load(Consumer<LoadProgress> progress) {
        long estimated = member.store().estimatedSubjects();
        while (!member.holdsOwnedPartitions()) {
            progress.accept(new LoadProgress("*", member.ownedSubjects(), estimated));
            try {
                Thread.sleep(LOAD_POLL.toMillis());
            } catch (InterruptedException e) {
                throw PartitionGalleries.loadInterrupted(e);
            }
        }
        progress.accept(new LoadProgress("*", member.ownedSubjects(), estimated));
        loaded = true;
    }

    @Override
    public boolean ready() {
        return loaded;
    }

    @Override
    public boolean facesAvailable() {
        return matching.facesAvailable();
    }

    @Override
    public String fingerprintThresholdVersion() {
        return matching.fingerprintThresholdVersion();
    }

    @Override
    public String faceThresholdVersion() {
        return matching.faceThresholdVersion();
    }

    @Override
    public long imagesTemplated() {
        return matching.imagesTemplated();
    }

    @Override
    public TemplateEnvelope template(Sample sample) {
        return matching.template(sample);
    }

    @Override
    public TemplateEnvelope probeTemplate(Sample sample) {
        return matching.probeTemplate(sample);
    }

    // ------------------------------------------------------------------ galleries

    @Override
    public GalleryConfig createGallery(String name, int shards, double defaultTargetFmr) {
        GalleryConfig.checkName(name);
        return member.createGallery(new GalleryConfig(name, shards == 0 ? defaultShards : shards,
                matching.galleryTargetFmr(defaultTargetFmr), Instant.now()));
    }

    @Override
    public List<GalleryDescription> describeGalleries() {
        return member.galleries().stream()
                .map(config -> new GalleryDescription(config, member.stats(config.name()))).toList();
    }

    @Override
    public GalleryDescription describeGallery(String name) {
        return new GalleryDescription(member.requireGallery(name), member.stats(name));
    }

    @Override
    public List<GalleryDescription> localGalleries() {
        return member.ownedGalleries();
    }

    @Override
    public long deleteGallery(String name) {
        return member.deleteGallery(name);
    }

    // ------------------------------------------------------------------- subjects

    @Override
    public SubjectView enroll(String gallery, String subjectId, List<Sample> samples, Map<String, String> attributes,
                              boolean checkDuplicates, Cancellation cancellation) {
        GalleryConfig config = member.requireGallery(gallery);
        SubjectRecord record = matching.enrollmentRecord(subjectId, samples, attributes);
        cancellation.check();
        if (checkDuplicates) {
            // Templated before the gallery's lock is taken: only the search and the write hold it.
            SampleMatching.SearchProbe probe = matching.searchProbe(samples);
            member.enrollChecked(gallery, record, () -> refuseDuplicate(config, probe));
        } else {
            member.enroll(gallery, record);
        }
        return SubjectView.of(gallery, record);
    }

    /** Searches the whole cluster for the enrollment's samples; throws ALREADY_EXISTS on a match. */
    private void refuseDuplicate(GalleryConfig gallery, SampleMatching.SearchProbe probe) {
        GatheredSearch best = member.search(gallery.name(), probe.templates(), AttributeFilter.NONE, 1,
                SearchMode.TWO_STAGE, SEARCH_DEADLINE, Cancellation.NEVER);
        matching.refuseDuplicate(probe.probe(), best.ranked(), gallery.defaultTargetFmr());
    }

    @Override
    public List<EnrollOutcome> enrollAll(List<NewSubject> subjects, Cancellation cancellation, Executor templating) {
        List<CompletableFuture<SubjectRecord>> templated = subjects.stream()
                .map(subject -> CompletableFuture.supplyAsync(() -> {
                    member.requireGallery(subject.gallery());
                    return matching.enrollmentRecord(subject.subjectId(), subject.samples(), subject.attributes());
                }, templating))
                .toList();
        EnrollOutcome[] outcomes = new EnrollOutcome[subjects.size()];
        Map<String, List<Integer>> byGallery = new LinkedHashMap<>();
        for (int i = 0; i < subjects.size(); i++) {
            try {
                templated.get(i).join();
                cancellation.check();
                if (subjects.get(i).checkDuplicates()) {
                    outcomes[i] = enrollOne(subjects.get(i));
                } else {
                    byGallery.computeIfAbsent(subjects.get(i).gallery(), g -> new ArrayList<>()).add(i);
                }
            } catch (RuntimeException e) {
                outcomes[i] = EnrollOutcome.failed(unwrapped(e));
            }
        }
        byGallery.forEach((gallery, indexes) -> {
            List<SubjectRecord> records = indexes.stream().map(i -> templated.get(i).join()).toList();
            List<RuntimeException> failures = member.enrollAll(gallery, records);
            for (int j = 0; j < indexes.size(); j++) {
                outcomes[indexes.get(j)] = failures.get(j) != null ? EnrollOutcome.failed(failures.get(j))
                        : new EnrollOutcome(SubjectView.of(gallery, records.get(j)), null);
            }
        });
        return List.of(outcomes);
    }

    private EnrollOutcome enrollOne(NewSubject subject) {
        return new EnrollOutcome(enroll(subject.gallery(), subject.subjectId(), subject.samples(),
                subject.attributes(), true, Cancellation.NEVER), null);
    }

    private static RuntimeException unwrapped(RuntimeException e) {
        return e.getCause() instanceof RuntimeException cause && e instanceof CompletionException
                ? cause : e;
    }

    @Override
    public SubjectView subject(String gallery, String subjectId) {
        return SubjectView.of(gallery, member.subject(gallery, subjectId)
                .orElseThrow(() -> unknownSubject(gallery, subjectId)));
    }

    @Override
    public SubjectView updateAttributes(String gallery, String subjectId, Map<String, String> changes) {
        return SubjectView.of(gallery, member.update(gallery, subjectId,
                record -> record.withAttributes(Attributes.updated(record.attributes(), changes))));
    }

    @Override
    public void deleteSubject(String gallery, String subjectId) {
        member.deleteSubject(gallery, subjectId);
    }

    private static EngineException unknownSubject(String gallery, String subjectId) {
        return EngineException.notFound("subject '" + subjectId + "' is not enrolled in gallery '" + gallery + "'");
    }

    // ------------------------------------------------------------------- matching

    @Override
    public Verification verifySubject(List<Sample> probe, String gallery, String subjectId, double targetFmr) {
        double fmr = targetFmr == 0 ? member.requireGallery(gallery).defaultTargetFmr() : targetFmr;
        SampleMatching.VerificationProbe templated = matching.verificationProbe(probe, fmr);
        return matching.verification(templated, member.verify(gallery, subjectId, templated.templates(),
                SEARCH_DEADLINE), subjectId, fmr);
    }

    @Override
    public Verification verifyCard(List<Sample> probe, List<byte[]> cardTemplates, double targetFmr) {
        return matching.verifyCard(probe, cardTemplates, targetFmr);
    }

    @Override
    public Identification identify(String gallery, List<Sample> probeSamples, AttributeFilter filter, int maxResults,
                                   double targetFmr, double targetFpir, boolean includeNonMatches, SearchMode mode,
                                   Cancellation cancellation) {
        GalleryConfig config = member.requireGallery(gallery);
        SampleMatching.SearchProbe probe = matching.searchProbe(probeSamples);
        int k = matching.checkIdentify(probe.probe(), maxResults, targetFmr, targetFpir, config.defaultTargetFmr());
        GatheredSearch found = member.search(gallery, probe.templates(), filter, k, mode, SEARCH_DEADLINE,
                cancellation);
        return matching.identification(probe, found.ranked(), found.searched(), targetFmr, targetFpir,
                config.defaultTargetFmr(), includeNonMatches, found.coverage());
    }

    /** Leaves the cluster gracefully (its partitions handed over first), then closes the store. */
    @Override
    public void close() {
        member.close();
        member.store().close();
        matching.close();
    }
}
