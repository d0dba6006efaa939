package dev.ridgeline.benchmarks.restart;

import dev.ridgeline.benchmarks.GeneratedFingers;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.store.DurableStore;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Fills a store (one node's RocksDB or a cluster's PostgreSQL) with one gallery of face and
 * finger subjects, written straight to the store (no gallery, no per-subject sync): a restart
 * fixture made in seconds rather than hours, the same data for both.
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

    /** Fills the store, unless an earlier run left the fixture's gallery in it. */
    void fillUnlessFilled(DurableStore store, String where) {
        if (store.galleries().stream().anyMatch(g -> g.name().equals(GALLERY))) {
            System.err.println("reusing the store in " + where);
            return;
        }
        long start = System.nanoTime();
        fill(store);
        System.err.printf(Locale.ROOT, "filled %d faces and %d fingers in %.1f s%n", faces, fingers,
                (System.nanoTime() - start) / 1e9);
    }

    long subjects() {
        return (long) faces + fingers;
    }

    private void fill(DurableStore store) {
        int shards = Runtime.getRuntime().availableProcessors();
        store.putGallery(new GalleryConfig(GALLERY, shards, GalleryConfig.DEFAULT_TARGET_FMR, Instant.now()));
        SyntheticFaceVectors vectors = new SyntheticFaceVectors(11, FaceTemplates.FACEPLUGIN.dimension(), 0.6);
        write(store, faces, i -> subject("face-" + i, FaceTemplates.FACEPLUGIN.envelope(vectors.capture(i, 0), 0)));
        List<TemplateEnvelope> pool = fingerTemplates();
        write(store, fingers, i -> subject("finger-" + i, pool.get(i % pool.size())));
    }

    private static void write(DurableStore store, int count, IntFunction<SubjectRecord> subject) {
        for (int from = 0; from < count; from += BATCH) {
            List<SubjectRecord> batch = IntStream.range(from, Math.min(count, from + BATCH)).parallel()
                    .mapToObj(subject).toList();
            store.putSubjects(GALLERY, batch);
        }
    }

    private static SubjectRecord subject(String id, TemplateEnvelope template) {
        return new SubjectRecord(id, Map.of("programme", "NEXUS"), List.of(template), Instant.now());
    }

    /** Extracts the pool once, each finger at a position of its own. */
    private List<TemplateEnvelope> fingerTemplates() {
        GeneratedFingers generated = new GeneratedFingers(20261128L);
        return IntStream.range(0, fingers == 0 ? 0 : fingerPool).parallel()
                .mapToObj(finger -> generated.envelope(finger, 0, 1 + finger % 10))
                .toList();
    }
}
