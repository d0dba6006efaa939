package dev.ridgeline.engine;

import dev.ridgeline.engine.SampleTemplating.Templated;
import dev.ridgeline.engine.SampleTemplating.Use;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Attributes;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.IdentifyOutcome;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.gallery.SubjectView;
import dev.ridgeline.engine.match.Decision;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.SubjectFold;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.store.SubjectStore;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
public final class RidgelineEngine implements AutoCloseable {

    public static final int MAX_RESULTS = 1000;
    private static final double CARD_TARGET_FMR = GalleryConfig.DEFAULT_TARGET_FMR;

    private final EngineConfig config;
    private final SubjectStore store;
    private final SampleTemplating templating;
    private final ScoreFusion fusion = ScoreFusion.shipped();
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
        this.templating = new SampleTemplating(config);
        AtomicInteger threadNumber = new AtomicInteger();
        this.searchPool = Executors.newFixedThreadPool(config.searchThreads(), runnable -> {
            Thread thread = new Thread(runnable, "ridgeline-search-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Progress of {@link #load}: subjects loaded so far, and the store's estimate of the total. */
    public record LoadProgress(String gallery, long loaded, long estimatedTotal) {
    }

    /**
     * Rebuilds every gallery from the store; until it returns, requests get UNAVAILABLE. The search
     * pool, idle until then, makes the stored templates matchable.
     */
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

    public boolean ready() {
        return ready;
    }

    private void requireReady() {
        if (!ready) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "galleries are still loading from the store");
        }
    }

    public String fingerprintThresholdVersion() {
        return fusion.table(Modality.FINGERPRINT).version();
    }

    public String faceThresholdVersion() {
        return fusion.table(Modality.FACE).version();
    }

    public boolean facesAvailable() {
        return templating.facesAvailable();
    }

    /** Images taken up for templating since start (refused ones too): shed work shows here as work not done. */
    public long imagesTemplated() {
        return templating.imagesTemplated();
    }

    // ------------------------------------------------------------------ templates

    /**
     * Templates one sample as enrollment would (a face must be alone and pass the quality gate),
     * for cards and clients that match themselves. An already-made template is checked and passed
     * through.
     */
    public TemplateEnvelope template(Sample sample) {
        return templating.templated(sample, Use.ENROLLMENT).envelope();
    }

    private List<Templated> templates(List<Sample> samples, String purpose, Use use) {
        if (samples.isEmpty()) {
            throw EngineException.invalid(purpose + " needs at least one sample");
        }
        if (samples.size() > SubjectRecord.MAX_TEMPLATES) {
            throw EngineException.invalid(purpose + " takes at most " + SubjectRecord.MAX_TEMPLATES
                    + " samples, got " + samples.size());
        }
        List<Templated> templated = templated(samples, use);
        if (templated.stream().filter(t -> t.matchable() instanceof Matchable.Face).count() > 1) {
            throw EngineException.invalid(purpose + " takes at most one face, got several face samples");
        }
        return templated;
    }

    /** Templates every sample; a failure names the sample when there are several. */
    private List<Templated> templated(List<Sample> samples, Use use) {
        List<Templated> templated = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            try {
                templated.add(templating.templated(samples.get(i), use));
            } catch (EngineException e) {
                throw samples.size() == 1 ? e
                        : new EngineException(e.kind(), "sample " + i + ": " + e.getMessage(), e);
            }
        }
        return templated;
    }

    /** A probe for a 1:N search (or a duplicate check). */
    private Probe probe(List<Templated> templated) {
        return Probe.of(matchables(templated), fusion);
    }

    /** A probe for a 1:1 against one subject or card. */
    private Probe verificationProbe(List<Templated> templated) {
        return Probe.forVerification(matchables(templated), fusion);
    }

    private static List<Matchable> matchables(List<Templated> templated) {
        return templated.stream().map(Templated::matchable).toList();
    }

    // ------------------------------------------------------------------ galleries

    public GalleryConfig createGallery(String name, int shards, double defaultTargetFmr) {
        requireReady();
        GalleryConfig.checkName(name);
        double fmr = defaultTargetFmr == 0 ? GalleryConfig.DEFAULT_TARGET_FMR : defaultTargetFmr;
        fusion.table(Modality.FINGERPRINT).threshold(fmr);
        fusion.table(Modality.FACE).threshold(fmr);
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
                templated = templates(subject.samples(), "enrollment", Use.ENROLLMENT);
                SubjectRecord record = new SubjectRecord(subject.subjectId(), attributes,
                        templated.stream().map(Templated::envelope).toList(), Instant.now());
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
        double fmr = gallery.config().defaultTargetFmr();
        Probe probe = probe(templated);
        IdentifyOutcome outcome = gallery.identify(probe, AttributeFilter.NONE, 1, searchPool, Cancellation.NEVER);
        for (SubjectScore best : outcome.ranked()) {
            Decision decision = fusion.decide(probe, best.score(), fmr);
            if (decision.match()) {
                throw EngineException.alreadyExists(String.format(Locale.ROOT,
                        "duplicate enrollment: the samples match enrolled subject '%s' (score %.3f >= threshold %.3f at FMR %.0e)",
                        best.subjectId(), best.score(), decision.threshold(), fmr));
            }
        }
    }

    public SubjectView subject(String galleryName, String subjectId) {
        Gallery gallery = gallery(galleryName);
        return gallery.subject(subjectId).orElseThrow(() -> unknownSubject(galleryName, subjectId));
    }

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

    public Verification verifySubject(List<Sample> probeSamples, String galleryName, String subjectId,
                                      double targetFmr) {
        Gallery gallery = gallery(galleryName);
        if (!gallery.contains(subjectId)) {
            throw unknownSubject(galleryName, subjectId);
        }
        double fmr = targetFmr == 0 ? gallery.config().defaultTargetFmr() : targetFmr;
        List<Templated> probeTemplates = templates(probeSamples, "a probe", Use.PROBE);
        Probe probe = verificationProbe(probeTemplates);
        fusion.checkOperatingPoint(probe, fmr);
        SubjectScore score = gallery.verify(probe, subjectId).orElseThrow(() -> EngineException.invalid(
                "nothing in the probe compares with subject '" + subjectId
                        + "': it holds other modalities or other finger positions"));
        return new Verification(fusion.decide(probe, score.score(), fmr), score.modalities(),
                templating.probeFace(probeTemplates), SampleTemplating.probeFingers(probeTemplates));
    }

    /** 1:1 against templates read from a card: nothing enrolled is involved. */
    public Verification verifyCard(List<Sample> probeSamples, List<byte[]> cardTemplates, double targetFmr) {
        requireReady();
        double fmr = targetFmr == 0 ? CARD_TARGET_FMR : targetFmr;
        if (cardTemplates.isEmpty()) {
            throw EngineException.invalid("the card holds no templates");
        }
        if (cardTemplates.size() > SubjectRecord.MAX_TEMPLATES) {
            throw EngineException.invalid("a card holds at most " + SubjectRecord.MAX_TEMPLATES
                    + " templates, as an enrolled subject does; got " + cardTemplates.size());
        }
        List<Templated> probeTemplates = templates(probeSamples, "a probe", Use.PROBE);
        Probe probe = verificationProbe(probeTemplates);
        fusion.checkOperatingPoint(probe, fmr);
        SubjectFold fold = new SubjectFold(probe);
        for (Templated card : templated(cardTemplates.stream().map(bytes -> Sample.template(0, bytes)).toList(), Use.PROBE)) {
            switch (card.matchable()) {
                case Matchable.Finger finger -> fold.compareFinger(finger.position(), finger.template());
                case Matchable.Face face -> fold.compareFace(face.stored().values(), 0, face.stored().scale());
            }
        }
        SubjectScore score = fold.score("card");
        if (score == null) {
            throw EngineException.invalid("nothing in the probe compares with the card's templates: "
                    + "they hold other modalities or other finger positions");
        }
        return new Verification(fusion.decide(probe, score.score(), fmr), score.modalities(),
                templating.probeFace(probeTemplates), SampleTemplating.probeFingers(probeTemplates));
    }

    /**
     * 1:N. The operating point is a per-comparison {@code targetFmr} (0: the gallery's default) or,
     * when {@code targetFpir} is set, the FMR that gives the whole search that FPIR over the
     * templates it compared.
     */
    public Identification identify(String galleryName, List<Sample> probeSamples, AttributeFilter filter,
                                   int maxResults, double targetFmr, double targetFpir, boolean includeNonMatches,
                                   SearchMode mode, Cancellation cancellation) {
        Gallery gallery = gallery(galleryName);
        if (maxResults < 0 || maxResults > MAX_RESULTS) {
            throw EngineException.invalid("max results must be 1-" + MAX_RESULTS + " (0 means 10), got " + maxResults);
        }
        if (targetFmr != 0 && targetFpir != 0) {
            throw EngineException.invalid("give a target FMR or a target FPIR, not both");
        }
        int k = maxResults == 0 ? 10 : maxResults;
        Probe probe = probe(templates(probeSamples, "a probe", Use.PROBE));
        if (targetFpir == 0) {
            fusion.checkOperatingPoint(probe, targetFmr == 0 ? gallery.config().defaultTargetFmr() : targetFmr);
        }
        IdentifyOutcome outcome = gallery.identify(probe, filter, k, mode, searchPool, cancellation);
        double fmr = targetFpir != 0 ? fmrForFpir(probe, targetFpir, outcome.searched())
                : targetFmr == 0 ? gallery.config().defaultTargetFmr() : targetFmr;
        double threshold = fusion.threshold(probe, fmr);
        List<RankedCandidate> candidates = new ArrayList<>();
        for (SubjectScore score : outcome.ranked()) {
            Decision decision = fusion.decide(probe, score.score(), fmr);
            if (decision.match() || includeNonMatches) {
                candidates.add(new RankedCandidate(candidates.size() + 1, score, decision));
            }
        }
        return new Identification(candidates, outcome.searched(), threshold, fmr, targetFpir);
    }

    private double fmrForFpir(Probe probe, double targetFpir, long searched) {
        double fmr = ThresholdTable.fmrForFpir(targetFpir, searched);
        try {
            fusion.checkOperatingPoint(probe, fmr);
        } catch (EngineException e) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "target FPIR %s over %d templates needs a per-comparison FMR of %.1e: %s", targetFpir, searched,
                    fmr, e.getMessage()));
        }
        return fmr;
    }

    @Override
    public void close() {
        groupCommit.close();
        searchPool.shutdownNow();
        store.close();
        templating.close();
    }
}
