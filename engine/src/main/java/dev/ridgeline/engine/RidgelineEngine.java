package dev.ridgeline.engine;

import dev.ridgeline.engine.SampleTemplating.Templated;
import dev.ridgeline.engine.SampleTemplating.Use;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Attributes;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.IdentifyOutcome;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.gallery.SubjectView;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.store.ChangeFeed;
import dev.ridgeline.engine.store.SubjectStore;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The engine's one entry point: image -> template -> store -> gallery -> candidates -> decision.
 * Writes to a gallery are serialized on the gallery and acknowledged only after the store has
 * synced them (enrollments waiting together share one synced write: {@link GroupCommit});
 * searches read published shard snapshots and never wait for writers.
 */
public final class RidgelineEngine implements Ridgeline {


    private final EngineConfig config;
    private final SubjectStore store;
    private final SampleMatching matching;
    private final Map<String, Gallery> galleries = new ConcurrentHashMap<>();
    private final ExecutorService searchPool;
    private final GroupCommit groupCommit = new GroupCommit(this::commitBatch);
    private final SubjectIdReservations reservations = new SubjectIdReservations();
    /** Per gallery, held by an enrollment from its duplicate search to its write. */
    private final Map<Gallery, Object> duplicateCheckLocks = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile boolean ready;

    public RidgelineEngine(EngineConfig config) {
        this.config = config;
        this.store = SubjectStore.open(EngineConfig.storeDirectory(config.dataDirectory()), config.storeKeys());
        this.matching = new SampleMatching(config);
        AtomicInteger threadNumber = new AtomicInteger();
        this.searchPool = Executors.newFixedThreadPool(config.searchThreads(), runnable -> {
            Thread thread = new Thread(runnable, "ridgeline-search-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Rebuilds every gallery from the store; until it returns, requests get UNAVAILABLE. The search
     * pool, idle until then, makes the stored templates matchable.
     */
    @Override
    public void load(Consumer<LoadProgress> progress) {
        long estimated = store.estimatedRecords();
        GalleryLoader loader = new GalleryLoader(searchPool, config.searchThreads());
        long loaded = 0;
        for (GalleryConfig galleryConfig : store.galleries()) {
            Gallery gallery = new Gallery(galleryConfig);
            long before = loaded;
            loaded += loader.load(store, gallery,
                    added -> progress.accept(new LoadProgress(galleryConfig.name(), before + added, estimated)));
            galleries.put(galleryConfig.name(), gallery);
        }
        ready = true;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    private void requireReady() {
        if (!ready) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "galleries are still loading from the store");
        }
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
    public boolean facesAvailable() {
        return matching.facesAvailable();
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
        requireReady();
        GalleryConfig.checkName(name);
        double fmr = matching.galleryTargetFmr(defaultTargetFmr);
        GalleryConfig galleryConfig = new GalleryConfig(name, shards == 0 ? config.defaultShards() : shards, fmr,
                Instant.now());
        synchronized (galleries) {
            if (galleries.containsKey(name)) {
                throw EngineException.alreadyExists("gallery '" + name + "' already exists");
            }
            store.putGallery(galleryConfig);
            galleries.put(name, new Gallery(galleryConfig));
        }
        return galleryConfig;
    }

    @Override
    public List<GalleryDescription> describeGalleries() {
        return galleries().stream().map(Gallery::describe).toList();
    }

    @Override
    public GalleryDescription describeGallery(String name) {
        return gallery(name).describe();
    }

    /** One node holds every gallery whole. */
    @Override
    public List<GalleryDescription> localGalleries() {
        return describeGalleries();
    }

    public List<Gallery> galleries() {
        requireReady();
        return galleries.values().stream().sorted(Comparator.comparing(Gallery::name)).toList();
    }

    public Gallery gallery(String name) {
        requireReady();
        Gallery gallery = galleries.get(name == null ? "" : name);
        if (gallery == null) {
            throw EngineException.notFound("gallery '" + name + "' does not exist");
        }
        return gallery;
    }

    /** @return how many subjects went with it */
    @Override
    public long deleteGallery(String name) {
        Gallery gallery = gallery(name);
        synchronized (gallery) {
            synchronized (galleries) {
                store.deleteGallery(name);
                galleries.remove(name);
            }
            return gallery.stats().subjects();
        }
    }

    // ------------------------------------------------------------------- subjects

    /** Enrolls a subject; returns only once it is durable and searchable. */
    public SubjectView enroll(String galleryName, String subjectId, List<Sample> samples,
                              Map<String, String> attributes, boolean checkDuplicates) {
        return enroll(galleryName, subjectId, samples, attributes, checkDuplicates, Cancellation.NEVER);
    }

    /** As {@link #enroll(String, String, List, Map, boolean)}; not written if cancelled before its write. */
    @Override
    public SubjectView enroll(String galleryName, String subjectId, List<Sample> samples,
                              Map<String, String> attributes, boolean checkDuplicates, Cancellation cancellation) {
        EnrollOutcome outcome = enrollAll(List.of(
                new NewSubject(galleryName, subjectId, samples, attributes, checkDuplicates)), cancellation,
                Runnable::run).getFirst();
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.enrolled();
    }

    /**
     * Enrolls subjects as separate {@link #enroll} calls would, but together: their samples are
     * templated in parallel and they are written in shared synced batches. A refused subject (bad
     * sample, id taken, also by an earlier subject of the list) fails alone. Returns once every
     * accepted subject is durable and searchable, with one outcome per subject, in order.
     * Subjects that ask for a duplicate check are checked and written one at a time, after the
     * others, so each check sees every subject written before it.
     */
    public List<EnrollOutcome> enrollAll(List<NewSubject> subjects) {
        return enrollAll(subjects, Cancellation.NEVER, ForkJoinPool.commonPool());
    }

    /**
     * As {@link #enrollAll(List)}, with each subject templated as a task of {@code templating} (the
     * service's bounded work pool, at the caller's priority); a cancellation seen after templating
     * (the slow part) writes none of the subjects and fails each with CANCELLED. Once the write is
     * submitted it completes.
     */
    @Override
    public List<EnrollOutcome> enrollAll(List<NewSubject> subjects, Cancellation cancellation, Executor templating) {
        requireReady();
        List<CompletableFuture<Attempt>> templated = subjects.stream()
                .map(subject -> CompletableFuture.supplyAsync(() -> new Attempt(subject), templating))
                .toList();
        List<Attempt> attempts = templated.stream().map(CompletableFuture::join).toList();
        attempts.forEach(attempt -> attempt.stopIf(cancellation));
        attempts.forEach(Attempt::reserve);
        commitTogether(attempts.stream().filter(a -> a.pending() && !a.subject.checkDuplicates()).toList());
        attempts.stream().filter(a -> a.pending() && a.subject.checkDuplicates()).forEach(this::commitChecked);
        return attempts.stream().map(Attempt::outcome).toList();
    }

    private void commitTogether(List<Attempt> attempts) {
        try {
            List<CompletableFuture<Void>> written = groupCommit.submit(
                    attempts.stream().map(attempt -> attempt.enrollment).toList());
            for (int i = 0; i < attempts.size(); i++) {
                attempts.get(i).written = written.get(i);
            }
        } catch (RuntimeException e) {
            attempts.forEach(attempt -> attempt.failure = e);
        }
        attempts.forEach(Attempt::awaitWritten);
    }

    /** Checks and writes under the gallery's check lock, so concurrent checked enrollments see each other. */
    private void commitChecked(Attempt attempt) {
        synchronized (duplicateCheckLocks.computeIfAbsent(attempt.gallery, g -> new Object())) {
            try {
                refuseDuplicates(attempt.gallery, attempt.templated);
                attempt.written = groupCommit.submit(List.of(attempt.enrollment)).getFirst();
            } catch (RuntimeException e) {
                attempt.failure = e;
            }
            attempt.awaitWritten();
        }
    }

    /** The group commit's writer: one synced store write for the batch, then one publication per shard. */
    private void commitBatch(Gallery gallery, List<GroupCommit.Enrollment> batch) {
        synchronized (gallery) {
            if (galleries.get(gallery.name()) != gallery) {
                throw EngineException.notFound("gallery '" + gallery.name() + "' was deleted");
            }
            store.putSubjects(gallery.name(), batch.stream().map(GroupCommit.Enrollment::record).toList());
            for (GroupCommit.Enrollment enrollment : batch) {
                gallery.add(enrollment.record(), enrollment.templates(), false);
            }
            gallery.publishShardsOf(batch.stream().map(enrollment -> enrollment.record().subjectId()).toList());
        }
    }

    /** One subject of {@link #enrollAll} on its way: templated, its id reserved, written; or failed at a step. */
    private final class Attempt {
        final NewSubject subject;
        Gallery gallery;
        List<Templated> templated;
        GroupCommit.Enrollment enrollment;
        SubjectIdReservations.Reservation reservation;
        CompletableFuture<Void> written;
        RuntimeException failure;

        Attempt(NewSubject subject) {
            this.subject = subject;
            try {
                gallery = gallery(subject.gallery());
                SubjectRecord.checkId(subject.subjectId());
                Map<String, String> attributes = Attributes.validated(subject.attributes());
                templated = matching.templates(subject.samples(), "enrollment", Use.ENROLLMENT);
                SubjectRecord record = SampleMatching.record(subject.subjectId(), attributes, templated);
                enrollment = new GroupCommit.Enrollment(gallery, record,
                        templated.stream().map(Templated::matchable).toList());
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        boolean pending() {
            return failure == null;
        }

        void stopIf(Cancellation cancellation) {
            if (pending()) {
                try {
                    cancellation.check();
                } catch (EngineException e) {
                    failure = e;
                }
            }
        }

        void reserve() {
            if (pending()) {
                try {
                    reservation = reservations.reserve(gallery, subject.subjectId());
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        }

        /** Waits for the write, then lets the id go: the subject is in the gallery by then, or was not written. */
        void awaitWritten() {
            if (reservation == null) {
                return;
            }
            try {
                if (written != null) {
                    written.join();
                }
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException cause ? cause : e;
            } finally {
                reservation.close();
                reservation = null;
            }
        }

        EnrollOutcome outcome() {
            return failure != null ? EnrollOutcome.failed(failure)
                    : EnrollOutcome.of(SubjectView.of(gallery.name(), enrollment.record()));
        }
    }

    private void refuseDuplicates(Gallery gallery, List<Templated> templated) {
        Probe probe = matching.probe(templated);
        IdentifyOutcome outcome = gallery.identify(probe, AttributeFilter.NONE, 1, searchPool, Cancellation.NEVER);
        matching.refuseDuplicate(probe, outcome.ranked(), gallery.config().defaultTargetFmr());
    }

    @Override
    public SubjectView subject(String galleryName, String subjectId) {
        Gallery gallery = gallery(galleryName);
        return gallery.subject(subjectId).orElseThrow(() -> unknownSubject(galleryName, subjectId));
    }

    @Override
    public SubjectView updateAttributes(String galleryName, String subjectId, Map<String, String> changes) {
        Gallery gallery = gallery(galleryName);
        synchronized (gallery) {
            SubjectView current = subject(galleryName, subjectId);
            Map<String, String> attributes = Attributes.updated(current.attributes(), changes);
            SubjectRecord stored = new SubjectRecord(subjectId, attributes, storedTemplates(galleryName, subjectId),
                    current.enrolled());
            store.putSubject(galleryName, stored);
            gallery.updateAttributes(subjectId, attributes);
        }
        return subject(galleryName, subjectId);
    }

    private List<TemplateEnvelope> storedTemplates(String galleryName, String subjectId) {
        return store.subject(galleryName, subjectId)
                .orElseThrow(() -> unknownSubject(galleryName, subjectId))
                .templates();
    }

    @Override
    public void deleteSubject(String galleryName, String subjectId) {
        Gallery gallery = gallery(galleryName);
        synchronized (gallery) {
            if (!gallery.contains(subjectId)) {
                throw unknownSubject(galleryName, subjectId);
            }
            store.deleteSubject(galleryName, subjectId);
            gallery.remove(subjectId);
        }
    }

    private static EngineException unknownSubject(String gallery, String subjectId) {
        return EngineException.notFound("subject '" + subjectId + "' is not enrolled in gallery '" + gallery + "'");
    }

    // ------------------------------------------------------------------- matching

    @Override
    public Verification verifySubject(List<Sample> probeSamples, String galleryName, String subjectId,
                                      double targetFmr) {
        Gallery gallery = gallery(galleryName);
        if (!gallery.contains(subjectId)) {
            throw unknownSubject(galleryName, subjectId);
        }
        double fmr = targetFmr == 0 ? gallery.config().defaultTargetFmr() : targetFmr;
        SampleMatching.VerificationProbe probe = matching.verificationProbe(probeSamples, fmr);
        return matching.verification(probe, gallery.verify(probe.probe(), subjectId), subjectId, fmr);
    }

    @Override
    public Verification verifyCard(List<Sample> probeSamples, List<byte[]> cardTemplates, double targetFmr) {
        requireReady();
        return matching.verifyCard(probeSamples, cardTemplates, targetFmr);
    }

    /**
     * 1:N. The operating point is a per-comparison {@code targetFmr} (0: the gallery's default) or,
     * when {@code targetFpir} is set, the FMR that gives the whole search that FPIR over the
     * templates it compared.
     */
    @Override
    public Identification identify(String galleryName, List<Sample> probeSamples, AttributeFilter filter,
                                   int maxResults, double targetFmr, double targetFpir, boolean includeNonMatches,
                                   SearchMode mode, Cancellation cancellation) {
        Gallery gallery = gallery(galleryName);
        double galleryFmr = gallery.config().defaultTargetFmr();
        SampleMatching.SearchProbe probe = matching.searchProbe(probeSamples);
        int k = matching.checkIdentify(probe.probe(), maxResults, targetFmr, targetFpir, galleryFmr);
        IdentifyOutcome outcome = gallery.identify(probe.probe(), filter, k, mode, searchPool, cancellation);
        return matching.identification(probe, outcome.ranked(), outcome.searched(), targetFmr, targetFpir, galleryFmr,
                includeNonMatches, null);
    }

    /** Each gallery's subject changes in commit order, for partners' copies of published galleries. */
    public ChangeFeed changeFeed() {
        return store;
    }

    @Override
    public void close() {
        groupCommit.close();
        searchPool.shutdownNow();
        store.close();
        matching.close();
    }
}
