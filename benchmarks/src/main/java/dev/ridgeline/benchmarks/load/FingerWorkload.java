package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.benchmarks.GeneratedFingerTemplates;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A pool of distinct generated fingers, enrolled as templates read from the cache of generated
 * finger templates ({@link GeneratedFingerTemplates}; rendering a finger costs about 50 ms, far too
 * slow for a million): impression 0 of each finger is enrolled, impression 1 of the first
 * {@value #PROBE_FINGERS} probes it. A gallery larger than the pool holds each finger several times
 * under distinct ids, first as generated and then as distinct {@link RigidVariant}s, so no two
 * subjects hold the same template. A finger's variants are mates of each other and of its probe:
 * that does not change what a search costs, which is what bench measures (evaluate measures accuracy).
 */
final class FingerWorkload implements Workload {

    /** Fingers whose impression 1 probes; enough that clients do not hit one subject. */
    static final int PROBE_FINGERS = 200;

    /** A pooled finger: its number in the generator and its enrolled impression 0. */
    private record PooledFinger(int number, TemplateEnvelope enrolled) {
    }

    private final List<PooledFinger> pool;
    private final List<Probe> probes;
    private final int gallerySize;
    private final long seed;
    private final String source;

    private FingerWorkload(List<PooledFinger> pool, List<Probe> probes, int gallerySize, long seed, String source) {
        this.pool = pool;
        this.probes = probes;
        this.gallerySize = gallerySize;
        this.seed = seed;
        this.source = source;
    }

    /**
     * Reads (or generates into the cache) fingers 0 to {@code poolSize - 1}, fewer if the gallery is
     * smaller, leaving out any that gave no template.
     *
     * @param extraction checks that the service accepts an image probe (templates are not checked:
     *                   the service stores them as they come)
     */
    static FingerWorkload prepare(Path templateCache, long seed, Extraction extraction, int gallerySize, int poolSize,
                                  ProbeKind probeKind) {
        GeneratedFingerTemplates cache = new GeneratedFingerTemplates(templateCache, seed);
        byte[][] impressions0 = cache.payloads(0, 0, Math.min(poolSize, gallerySize));
        List<PooledFinger> pool = IntStream.range(0, impressions0.length).parallel()
                .filter(finger -> impressions0[finger].length > 0)
                .mapToObj(finger -> new PooledFinger(finger, FingerprintTemplates.envelopeOf(impressions0[finger], 0)))
                .toList();
        if (pool.isEmpty()) {
            throw new IllegalStateException("none of the generated fingers gave a template");
        }
        List<PooledFinger> probed = pool.subList(0, Math.min(pool.size(), PROBE_FINGERS));
        byte[][] impressions1 = probeKind == ProbeKind.TEMPLATE
                ? cache.payloads(1, 0, probed.getLast().number() + 1) : null;
        SyntheticFingerprints generator = new SyntheticFingerprints(seed);
        List<Probe> probes = IntStream.range(0, probed.size()).parallel()
                .mapToObj(slot -> {
                    int finger = probed.get(slot).number();
                    Optional<Sample> probe = probeKind == ProbeKind.TEMPLATE
                            ? templateProbe(impressions1[finger])
                            : imageProbe(extraction, generator.impressionPng(finger, 1));
                    // Subject `slot` holds the finger as generated (see subject()).
                    return probe.map(sample -> new Probe(sample, Workload.subjectId(slot)));
                })
                .flatMap(Optional::stream)
                .toList();
        if (probes.isEmpty()) {
            throw new IllegalStateException("none of the pooled fingers' impressions 1 gave a probe");
        }
        String source = String.format(Locale.ROOT, "seed %d, templates cached in %s", seed, templateCache);
        return new FingerWorkload(pool, probes, gallerySize, seed, source);
    }

    private static Optional<Sample> templateProbe(byte[] payload) {
        return payload.length == 0 ? Optional.empty()
                : Optional.of(Extraction.template(Modality.FINGERPRINT, FingerprintTemplates.envelopeOf(payload, 0).toBytes()));
    }

    /** The image, when the service templates it (it refuses images with too few minutiae). */
    private static Optional<Sample> imageProbe(Extraction extraction, byte[] png) {
        Sample image = Extraction.image(Modality.FINGERPRINT, png);
        return extraction.template(image).map(template -> image);
    }

    /** Subject {@code index} holds pooled finger {@code index % pool}: as generated the first time, then as variants. */
    @Override
    public GallerySubject subject(int index) {
        PooledFinger finger = pool.get(index % pool.size());
        int copy = index / pool.size();
        TemplateEnvelope envelope = copy == 0 ? finger.enrolled()
                : RigidVariant.of(finger.enrolled(), variantSeed(finger.number(), copy));
        return new GallerySubject(Workload.subjectId(index), Extraction.template(Modality.FINGERPRINT, envelope.toBytes()));
    }

    /** SplittableRandom scrambles its seed, so neighbouring seeds give unrelated variants. */
    private long variantSeed(int finger, int copy) {
        return (seed * 1_000_003L + finger) * 1_000_003L + copy;
    }

    @Override
    public List<Probe> probes() {
        return probes;
    }

    @Override
    public String description() {
        String described = String.format(Locale.ROOT, "%d distinct generated fingers (%s): impression 0 enrolled,"
                + " impression 1 of %d of them probes", pool.size(), source, probes.size());
        if (gallerySize <= pool.size()) {
            return described;
        }
        int copies = (gallerySize + pool.size() - 1) / pool.size();
        return described + String.format(Locale.ROOT, "; the gallery of %d holds each finger up to %d times under"
                        + " distinct ids, as generated and then as rigid variants (rotated up to %.0f degrees, shifted up"
                        + " to %d px, %.0f%% of minutiae left out) that are mates of each other, so each probe has up to"
                        + " %d mates", gallerySize, copies, RigidVariant.MAX_ROTATION_DEGREES,
                RigidVariant.MAX_SHIFT_PIXELS, 100 * RigidVariant.DROPOUT, copies);
    }
}
