package dev.ridgeline.engine;

import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.GalleryDescription;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectView;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What the service offers, wherever the galleries live: one node with its embedded store
 * ({@link RidgelineEngine}) or a cluster of members over a shared system of record. Failures are
 * {@link EngineException}s whose kind says what went wrong.
 */
public interface Ridgeline extends AutoCloseable {

    /**
     * Progress of {@link #load}: the gallery being read ({@code "*"} when a cluster member reads
     * every gallery at once, partition by partition), subjects loaded so far, and the estimate of
     * the total the store holds.
     */
    record LoadProgress(String gallery, long loaded, long estimatedTotal) {
    }

    /** Makes the galleries searchable; until it returns, requests get UNAVAILABLE. */
    void load(Consumer<LoadProgress> progress);

    boolean ready();

    boolean facesAvailable();

    String fingerprintThresholdVersion();

    String faceThresholdVersion();

    /** Images taken up for templating since start (refused ones too). */
    long imagesTemplated();

    TemplateEnvelope template(Sample sample);

    /**
     * Templates one probe sample as a search would (the largest or most central face of a photo),
     * for a search that runs elsewhere: a federated query sends templates, not images.
     */
    TemplateEnvelope probeTemplate(Sample sample);

    GalleryConfig createGallery(String name, int shards, double defaultTargetFmr);

    /** Every gallery, whole. */
    List<GalleryDescription> describeGalleries();

    GalleryDescription describeGallery(String name);

    /** What this process holds in memory: every gallery on one node, a member's partitions in a cluster. */
    List<GalleryDescription> localGalleries();

    /** @return how many subjects went with it */
    long deleteGallery(String name);

    /** Enrolls a subject; returns only once it is durable and searchable; not written if cancelled before its write. */
    SubjectView enroll(String gallery, String subjectId, List<Sample> samples, Map<String, String> attributes,
                       boolean checkDuplicates, Cancellation cancellation);

    /**
     * Enrolls subjects as separate {@link #enroll} calls would, templating each as a task of
     * {@code templating}; one outcome per subject, in order. A cancellation seen after templating
     * writes none of them.
     */
    List<EnrollOutcome> enrollAll(List<NewSubject> subjects, Cancellation cancellation, Executor templating);

    SubjectView subject(String gallery, String subjectId);

    SubjectView updateAttributes(String gallery, String subjectId, Map<String, String> changes);

    void deleteSubject(String gallery, String subjectId);

    Verification verifySubject(List<Sample> probe, String gallery, String subjectId, double targetFmr);

    /** 1:1 against templates read from a card: nothing enrolled is involved. */
    Verification verifyCard(List<Sample> probe, List<byte[]> cardTemplates, double targetFmr);

    /**
     * 1:N. The operating point is a per-comparison {@code targetFmr} (0: the gallery's default) or,
     * when {@code targetFpir} is set, the FMR that gives the whole search that FPIR.
     */
    Identification identify(String gallery, List<Sample> probe, AttributeFilter filter, int maxResults,
                            double targetFmr, double targetFpir, boolean includeNonMatches, SearchMode mode,
                            Cancellation cancellation);

    @Override
    void close();
}
