package dev.ridgeline.benchmarks.restart;

import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.store.SubjectStore;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Fills a store with one gallery of face and finger subjects, written straight to the store
 * (no gallery, no per-subject sync): a restart fixture made in seconds rather than hours.
 * Faces are distinct synthetic vectors in real envelopes; fingers reuse the templates of a pool
 * of generated fingers under distinct ids, since extraction is what would take hours.
 */
final class StoreFixture {

    static final String GALLERY = "restart";
    /** Subjects per synced write: large enough that the syncs cost nothing. */
    private static final int BATCH = 10_000;

    private final int faces;
    private final int fingers;
    private final int fingerPool;

    StoreFixture(int faces, int fingers, int fingerPool) {
        this.faces = faces;
        this.fingers = fingers;
        this.fingerPool = fingerPool;
    }

    void fill(SubjectStore store) {
        int shards = Runtime.getRuntime().availableProcessors();
        store.putGallery(new GalleryConfig(GALLERY, shards, GalleryConfig.DEFAULT_TARGET_FMR, Instant.now()));
        SyntheticFaceVectors vectors = new SyntheticFaceVectors(11, FaceTemplates.FACEPLUGIN.dimension(), 0.6);
        write(store, faces, i -> subject("face-" + i, faceEnvelope(vectors.capture(i, 0))));
        List<TemplateEnvelope> pool = fingerTemplates();
        write(store, fingers, i -> subject("finger-" + i, pool.get(i % pool.size())));
    }

    private static void write(SubjectStore store, int count, IntFunction<SubjectRecord> subject) {
        for (int from = 0; from < count; from += BATCH) {
            List<SubjectRecord> batch = IntStream.range(from, Math.min(count, from + BATCH)).parallel()
                    .mapToObj(subject).toList();
            store.putSubjects(GALLERY, batch);
        }
    }

    private static SubjectRecord subject(String id, TemplateEnvelope template) {
        return new SubjectRecord(id, Map.of("programme", "NEXUS"), List.of(template), Instant.now());
    }

    private static TemplateEnvelope faceEnvelope(float[] vector) {
        FaceTemplates model = FaceTemplates.FACEPLUGIN;
        return new TemplateEnvelope(Modality.FACE, model.algorithm(), model.version(), 0, 0, model.dimension(),
                QuantizedFace.of(vector).toPayload());
    }

    /** Extracts the pool once; fingers whose images yield too few minutiae are left out. */
    private List<TemplateEnvelope> fingerTemplates() {
        if (fingers == 0) {
            return List.of();
        }
        SyntheticFingerprints generator = new SyntheticFingerprints(20261128L);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        FingerprintTemplates extractor = new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE);
        return IntStream.range(0, fingerPool).parallel()
                .mapToObj(finger -> extractor.extract(decoder.decode(generator.impressionPng(finger, 0)),
                        SyntheticFingerprints.DPI, 1 + finger % 10))
                .toList();
    }
}
