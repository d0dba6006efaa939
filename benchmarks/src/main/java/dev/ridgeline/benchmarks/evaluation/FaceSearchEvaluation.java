package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Face 1:N at scale with hard mates, two-stage beside exhaustive, on an engine gallery laid out as
 * the service lays it out (one shard per core). Synthetic 512-d faces: capture 0 of identities 0
 * to N-1 enrolled; the first P identities probe with a capture so noisy that its cosine with the
 * enrolled one is about 0.4-0.6 (the FMR 1e-4 threshold of the shipped face table is 0.41), and P
 * identities never enrolled probe as non-mates. Those are the mates a first stage could lose.
 */
final class FaceSearchEvaluation {

    private static final long SEED = 24;
    private static final int DIMENSION = FaceTemplates.FACEPLUGIN.dimension();
    private static final SyntheticFaceVectors ENROLLED = new SyntheticFaceVectors(SEED, DIMENSION, 0.3);
    /** Probe noises from a cosine near 0.6 with the enrolled capture down to near 0.4, used in turn. */
    private static final double[] PROBE_NOISES = {1.25, 1.45, 1.65, 1.9, 2.15};
    private static final String ID_PREFIX = "F";
    private static final int ENROLL_CHUNK = 50_000;

    /** The comparison, and the cosines of the mated pairs (to show how hard they were). */
    record Outcome(SearchModeComparison.Outcome comparison, double[] mateCosines) {

        double mateCosinePercentile(double percentile) {
            return Percentile.of(mateCosines, percentile);
        }
    }

    private FaceSearchEvaluation() {
    }

    static Outcome generated(int gallerySize, int probes) {
        Gallery gallery = new Gallery(new GalleryConfig("evaluation", Runtime.getRuntime().availableProcessors(),
                GalleryConfig.DEFAULT_TARGET_FMR, Instant.now()));
        enroll(gallery, gallerySize);
        List<SearchModeComparison.MatedProbe> mated = new ArrayList<>();
        double[] cosines = new double[Math.min(probes, gallerySize)];
        for (int identity = 0; identity < cosines.length; identity++) {
            float[] capture = hardCapture(identity);
            cosines[identity] = cosine(capture, ENROLLED.capture(identity, 0));
            mated.add(new SearchModeComparison.MatedProbe(ID_PREFIX + identity, probe(capture)));
        }
        List<Probe> nonMated = new ArrayList<>();
        for (int identity = gallerySize; identity < gallerySize + probes; identity++) {
            nonMated.add(probe(hardCapture(identity)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            return new Outcome(SearchModeComparison.run(gallery, mated, nonMated, pool), cosines);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Capture 1 of an identity, at the probe noise its number selects. */
    private static float[] hardCapture(int identity) {
        double noise = PROBE_NOISES[identity % PROBE_NOISES.length];
        return new SyntheticFaceVectors(SEED, DIMENSION, noise).capture(identity, 1);
    }

    private static Probe probe(float[] capture) {
        return new Probe(List.of(), capture, ScoreFusion.shipped());
    }

    /** Identities 0 to {@code count - 1}, quantized in parallel a chunk at a time; all share one envelope (the gallery keeps only its summary). */
    private static void enroll(Gallery gallery, int count) {
        TemplateEnvelope envelope = FaceTemplates.FACEPLUGIN.envelope(ENROLLED.capture(0, 0), 0);
        for (int from = 0; from < count; from += ENROLL_CHUNK) {
            int to = Math.min(count, from + ENROLL_CHUNK);
            QuantizedFace[] faces = IntStream.range(from, to).parallel()
                    .mapToObj(identity -> QuantizedFace.of(ENROLLED.capture(identity, 0)))
                    .toArray(QuantizedFace[]::new);
            for (int identity = from; identity < to; identity++) {
                gallery.add(new SubjectRecord(ID_PREFIX + identity, Map.of(), List.of(envelope), Instant.now()),
                        List.of(new Matchable.Face(faces[identity - from], null)), false);
            }
        }
        gallery.publishAll();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
