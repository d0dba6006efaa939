package dev.ridgeline.engine;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Attributes;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.IdentifyOutcome;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.gallery.SubjectView;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.match.Decision;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.store.SubjectStore;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The engine's one entry point: image -> template -> store -> gallery -> candidates -> decision.
 * Writes to a gallery are serialized on the gallery and acknowledged only after the store has
 * synced them; searches read published shard snapshots and never wait for writers.
 */
public final class RidgelineEngine implements AutoCloseable {

    public static final int MAX_RESULTS = 1000;
    private static final double CARD_TARGET_FMR = GalleryConfig.DEFAULT_TARGET_FMR;

    private final EngineConfig config;
    private final SubjectStore store;
    private final ImageDecoder decoder;
    private final FingerprintTemplates fingerprints;
    private final ThresholdTable fingerprintThresholds = ThresholdTable.fingerprint();
    private final Map<String, Gallery> galleries = new ConcurrentHashMap<>();
    private final ExecutorService searchPool;
    private volatile boolean ready;

    public RidgelineEngine(EngineConfig config) {
        this.config = config;
        this.store = SubjectStore.open(config.dataDirectory().resolve("store"));
        this.decoder = new ImageDecoder(config.imageLimits());
        this.fingerprints = new FingerprintTemplates(config.minimumMinutiae());
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

    /** Rebuilds every gallery from the store; until it returns, requests get UNAVAILABLE. */
    public void load(Consumer<LoadProgress> progress) {
        long estimated = store.estimatedRecords();
        long loaded = 0;
        for (GalleryConfig galleryConfig : store.galleries()) {
            Gallery gallery = new Gallery(galleryConfig);
            long[] count = {loaded};
            store.forEachSubject(galleryConfig.name(), record -> {
                gallery.add(record, record.templates().stream().map(FingerprintTemplates::matchable).toList(), false);
                if (++count[0] % 1000 == 0) {
                    progress.accept(new LoadProgress(galleryConfig.name(), count[0], estimated));
                }
            });
            gallery.publishAll();
            loaded = count[0];
            galleries.put(galleryConfig.name(), gallery);
            progress.accept(new LoadProgress(galleryConfig.name(), loaded, estimated));
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
        return fingerprintThresholds.version();
    }

    // ------------------------------------------------------------------ templates

    /**
     * Templates one sample; an already-made template is parsed and passed through (its payload is
     * checked when it is turned into matchable form).
     */
    public TemplateEnvelope template(Sample sample) {
        if (sample.modality() != Modality.FINGERPRINT) {
            throw new EngineException(EngineException.Kind.UNSUPPORTED,
                    sample.modality() + " samples are not supported by this build yet; send fingerprints");
        }
        if (sample.position() < 0 || sample.position() > 10) {
            throw EngineException.invalid("finger position must be 0 (unknown) or 1-10, got " + sample.position());
        }
        if (sample.image() != null) {
            return fingerprints.extract(decoder.decode(sample.image()), sample.dpi(), sample.position());
        }
        if (sample.template() != null) {
            TemplateEnvelope envelope = TemplateEnvelope.parse(sample.template());
            return envelope.position() == 0 && sample.position() != 0 ? envelope.withPosition(sample.position()) : envelope;
        }
        throw EngineException.invalid("sample holds neither an image nor a template");
    }

    /** A sample's envelope and its matchable form, made once per request. */
    private record Templated(TemplateEnvelope envelope, FingerprintTemplate matchable) {
    }

    private List<Templated> templates(List<Sample> samples, String purpose) {
        if (samples.isEmpty()) {
            throw EngineException.invalid(purpose + " needs at least one sample");
        }
        if (samples.size() > SubjectRecord.MAX_TEMPLATES) {
            throw EngineException.invalid(purpose + " takes at most " + SubjectRecord.MAX_TEMPLATES
                    + " samples, got " + samples.size());
        }
        return templated(samples);
    }

    /** Templates every sample; a failure names the sample when there are several. */
    private List<Templated> templated(List<Sample> samples) {
        List<Templated> templated = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            try {
                TemplateEnvelope envelope = template(samples.get(i));
                templated.add(new Templated(envelope, FingerprintTemplates.matchable(envelope)));
            } catch (EngineException e) {
                throw samples.size() == 1 ? e
                        : new EngineException(e.kind(), "sample " + i + ": " + e.getMessage(), e);
            }
        }
        return templated;
    }

    private static Probe probe(List<Templated> templated) {
        return new Probe(templated.stream()
                .map(t -> new ProbeFinger(t.envelope().position(), t.matchable()))
                .toList());
    }

    // ------------------------------------------------------------------ galleries

    public GalleryConfig createGallery(String name, int shards, double defaultTargetFmr) {
        requireReady();
        GalleryConfig.checkName(name);
        double fmr = defaultTargetFmr == 0 ? GalleryConfig.DEFAULT_TARGET_FMR : defaultTargetFmr;
        fingerprintThresholds.threshold(fmr);
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
        Gallery gallery = gallery(galleryName);
        SubjectRecord.checkId(subjectId);
        Map<String, String> checkedAttributes = Attributes.validated(attributes);
        List<Templated> templated = templates(samples, "enrollment");
        SubjectRecord record = new SubjectRecord(subjectId, checkedAttributes,
                templated.stream().map(Templated::envelope).toList(), Instant.now());
        synchronized (gallery) {
            if (galleries.get(galleryName) != gallery) {
                throw EngineException.notFound("gallery '" + galleryName + "' was deleted");
            }
            if (gallery.contains(subjectId)) {
                throw EngineException.alreadyExists("subject '" + subjectId + "' is already enrolled in gallery '"
                        + galleryName + "'");
            }
            if (checkDuplicates) {
                refuseDuplicates(gallery, templated);
            }
            store.putSubject(galleryName, record);
            gallery.add(record, templated.stream().map(Templated::matchable).toList(), true);
        }
        return gallery.subject(subjectId).orElseThrow();
    }

    private void refuseDuplicates(Gallery gallery, List<Templated> templated) {
        double fmr = gallery.config().defaultTargetFmr();
        IdentifyOutcome outcome = gallery.identify(probe(templated), AttributeFilter.NONE, 1, searchPool,
                Cancellation.NEVER);
        for (SubjectScore best : outcome.ranked()) {
            Decision decision = fingerprintThresholds.decide(best.score(), fmr);
            if (decision.match()) {
                throw EngineException.alreadyExists(String.format(Locale.ROOT,
                        "duplicate enrollment: the fingers match enrolled subject '%s' (score %.1f >= threshold %.1f at FMR %.0e)",
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
        fingerprintThresholds.threshold(fmr);
        Probe probe = probe(templates(probeSamples, "a probe"));
        Optional<SubjectScore> best = gallery.verify(probe, subjectId);
        return best.map(s -> new Verification(fingerprintThresholds.decide(s.score(), fmr), s.probePosition(),
                        s.referencePosition()))
                .orElseThrow(() -> EngineException.invalid("no probe finger compares with subject '" + subjectId
                        + "': their finger positions differ"));
    }

    /** 1:1 against templates read from a card: nothing enrolled is involved. */
    public Verification verifyCard(List<Sample> probeSamples, List<byte[]> cardTemplates, double targetFmr) {
        requireReady();
        double fmr = targetFmr == 0 ? CARD_TARGET_FMR : targetFmr;
        fingerprintThresholds.threshold(fmr);
        if (cardTemplates.isEmpty()) {
            throw EngineException.invalid("the card holds no templates");
        }
        Probe probe = probe(templates(probeSamples, "a probe"));
        Probe.Match best = null;
        for (Templated card : templated(cardTemplates.stream().map(bytes -> Sample.template(0, bytes)).toList())) {
            Probe.Match match = probe.bestAgainst(card.envelope().position(), card.matchable());
            if (match != null && (best == null || match.score() > best.score())) {
                best = match;
            }
        }
        if (best == null) {
            throw EngineException.invalid("no probe finger compares with the card's templates: their finger positions differ");
        }
        return new Verification(fingerprintThresholds.decide(best.score(), fmr), best.probePosition(),
                best.referencePosition());
    }

    /**
     * 1:N. The operating point is a per-comparison {@code targetFmr} (0: the gallery's default) or,
     * when {@code targetFpir} is set, the FMR that gives the whole search that FPIR over the
     * templates it compared.
     */
    public Identification identify(String galleryName, List<Sample> probeSamples, AttributeFilter filter,
                                   int maxResults, double targetFmr, double targetFpir, boolean includeNonMatches,
                                   Cancellation cancellation) {
        Gallery gallery = gallery(galleryName);
        if (maxResults < 0 || maxResults > MAX_RESULTS) {
            throw EngineException.invalid("max results must be 1-" + MAX_RESULTS + " (0 means 10), got " + maxResults);
        }
        if (targetFmr != 0 && targetFpir != 0) {
            throw EngineException.invalid("give a target FMR or a target FPIR, not both");
        }
        int k = maxResults == 0 ? 10 : maxResults;
        if (targetFpir == 0) {
            fingerprintThresholds.threshold(targetFmr == 0 ? gallery.config().defaultTargetFmr() : targetFmr);
        }
        Probe probe = probe(templates(probeSamples, "a probe"));
        IdentifyOutcome outcome = gallery.identify(probe, filter, k, searchPool, cancellation);
        double fmr = targetFpir != 0 ? fmrForFpir(targetFpir, outcome.searched())
                : targetFmr == 0 ? gallery.config().defaultTargetFmr() : targetFmr;
        double threshold = fingerprintThresholds.threshold(fmr);
        List<RankedCandidate> candidates = new ArrayList<>();
        for (SubjectScore score : outcome.ranked()) {
            Decision decision = fingerprintThresholds.decide(score.score(), fmr);
            if (decision.match() || includeNonMatches) {
                candidates.add(new RankedCandidate(candidates.size() + 1, score, decision));
            }
        }
        return new Identification(candidates, outcome.searched(), threshold, fmr, targetFpir);
    }

    private double fmrForFpir(double targetFpir, long searched) {
        double fmr = ThresholdTable.fmrForFpir(targetFpir, searched);
        try {
            fingerprintThresholds.threshold(fmr);
        } catch (EngineException e) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "target FPIR %s over %d templates needs a per-comparison FMR of %.1e: %s", targetFpir, searched,
                    fmr, e.getMessage()));
        }
        return fmr;
    }

    @Override
    public void close() {
        searchPool.shutdownNow();
        store.close();
    }
}
