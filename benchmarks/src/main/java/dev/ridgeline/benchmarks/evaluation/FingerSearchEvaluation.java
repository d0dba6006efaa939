package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.benchmarks.GeneratedFingerTemplates;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Fingerprint 1:N at scale, two-stage beside exhaustive, on an engine gallery laid out as the
 * service lays it out (one shard per core, searched in parallel).
 *
 * <p>Generated: impression 0 of fingers 0 to N-1 enrolled; impression 1 of the first P fingers
 * probe their mates; impression 1 of P fingers that were never enrolled probe as non-mates.
 * Background: a dataset's first sample per identity enrolled among N generated fingers, its other
 * samples probing (closed set, rank 1 only: the dataset has no one left out to search for).
 */
final class FingerSearchEvaluation {

    private static final String GENERATED = "G";

    private final GeneratedFingerTemplates cache;

    FingerSearchEvaluation(GeneratedFingerTemplates cache) {
        this.cache = cache;
    }

    SearchModeComparison.Outcome generated(int gallerySize, int probes) {
        Gallery gallery = newGallery();
        enrollGenerated(gallery, gallerySize);
        List<SearchModeComparison.MatedProbe> mated = new ArrayList<>();
        TemplateEnvelope[] matedImpressions = envelopes(1, 0, probes);
        for (int finger = 0; finger < probes; finger++) {
            if (matedImpressions[finger] != null && gallery.contains(GENERATED + finger)) {
                mated.add(new SearchModeComparison.MatedProbe(GENERATED + finger, probe(matedImpressions[finger])));
            }
        }
        List<Probe> nonMated = new ArrayList<>();
        for (TemplateEnvelope envelope : envelopes(1, gallerySize, gallerySize + probes)) {
            if (envelope != null) {
                nonMated.add(probe(envelope));
            }
        }
        return compare(gallery, mated, nonMated);
    }

    /**
     * The two search modes over a background, where the first stage put each mate among it, and
     * each mated probe's sample and minutia count, in the same order.
     */
    record BackgroundOutcome(SearchModeComparison.Outcome search, FirstStagePositions positions,
                             List<String> probeSamples, int[] probeMinutiae) {

        /**
         * One row per mated probe the two modes ranked differently or whose mate the first stage
         * would leave out: the cases that tell where the first stage falls short.
         */
        void missedMateRows(Figures figures) {
            int[][] ranks = search.mateRanks();
            for (int i = 0; i < probeSamples.size(); i++) {
                if (ranks[0][i] == ranks[1][i] && positions.keptByBothPasses(i)) {
                    continue;
                }
                figures.row("probe " + probeSamples.get(i) + " (" + probeMinutiae[i] + " minutiae)", String.format(
                        Locale.ROOT, "mate rank %s two-stage / %s exhaustive, score %s; background at or above it"
                                + " by cells %.3f%%, in the first pass and by blocks %.3f%%", rank(ranks[0][i]), rank(ranks[1][i]),
                        score(search.mateScores()[i]), 100 * positions.byCells()[i], 100 * positions.byBlocks()[i]));
            }
        }

        private static String rank(int rank) {
            return rank == 0 ? "-" : Integer.toString(rank);
        }

        /** The mate's score, or "-" when neither mode ranked it among the first ten. */
        private static String score(double score) {
            return Double.isNaN(score) ? "-" : String.format(Locale.ROOT, "%.1f", score);
        }
    }

    BackgroundOutcome withBackground(TemplateSet<FingerprintTemplate> dataset, int background) {
        Gallery gallery = newGallery();
        List<int[]> backgroundPairs = enrollGenerated(gallery, background);
        List<SearchModeComparison.MatedProbe> mated = new ArrayList<>();
        List<FirstStagePositions.Mate> mates = new ArrayList<>();
        List<String> probeSamples = new ArrayList<>();
        List<Integer> probeMinutiae = new ArrayList<>();
        for (TemplateSet.IdentityTemplates<FingerprintTemplate> identity : dataset.identities()) {
            if (identity.templates().size() < 2) {
                continue;
            }
            String id = "D" + identity.id();
            TemplateEnvelope enrolled = FingerprintTemplates.envelopeOf(identity.templates().getFirst().toByteArray(), 0);
            Matchable.Finger finger = Matchable.Finger.of(enrolled);
            gallery.add(new SubjectRecord(id, Map.of(), List.of(enrolled), Instant.now()), List.of(finger), true);
            for (FingerprintTemplate probe : identity.templates().subList(1, identity.templates().size())) {
                ProbeFinger probeFinger = new ProbeFinger(0, probe);
                mated.add(new SearchModeComparison.MatedProbe(id, Probe.ofFingers(List.of(probeFinger))));
                mates.add(new FirstStagePositions.Mate(probeFinger.pairs(), finger.stored().pairs()));
                probeSamples.add(stem(dataset.sampleOf(probe)));
                probeMinutiae.add(FingerprintTemplates.minutiae(probe).count());
            }
        }
        return new BackgroundOutcome(compare(gallery, mated, List.of()),
                FirstStagePositions.measure(mates, backgroundPairs), probeSamples,
                probeMinutiae.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String stem(Path sample) {
        String name = sample.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Gallery newGallery() {
        return new Gallery(new GalleryConfig("evaluation", Runtime.getRuntime().availableProcessors(),
                GalleryConfig.DEFAULT_TARGET_FMR, Instant.now()));
    }

    /**
     * Impression 0 of fingers 0 to {@code count - 1}, made matchable in parallel, enrolled as G0,
     * G1, ...; returns their minutia pairs.
     */
    private List<int[]> enrollGenerated(Gallery gallery, int count) {
        TemplateEnvelope[] envelopes = envelopes(0, 0, count);
        Matchable.Finger[] fingers = IntStream.range(0, count).parallel()
                .mapToObj(f -> envelopes[f] == null ? null : Matchable.Finger.of(envelopes[f]))
                .toArray(Matchable.Finger[]::new);
        List<int[]> pairs = new ArrayList<>(count);
        for (int finger = 0; finger < count; finger++) {
            if (fingers[finger] != null) {
                gallery.add(new SubjectRecord(GENERATED + finger, Map.of(), List.of(envelopes[finger]), Instant.now()),
                        List.of(fingers[finger]), false);
                pairs.add(fingers[finger].stored().pairs());
            }
        }
        gallery.publishAll();
        return pairs;
    }

    /** Envelopes of one impression of fingers {@code from} to {@code to - 1}; null where no template came out. */
    private TemplateEnvelope[] envelopes(int impression, int from, int to) {
        byte[][] payloads = cache.payloads(impression, from, to);
        return IntStream.range(0, payloads.length).parallel()
                .mapToObj(i -> payloads[i].length == 0 ? null : FingerprintTemplates.envelopeOf(payloads[i], 0))
                .toArray(TemplateEnvelope[]::new);
    }

    private static Probe probe(TemplateEnvelope envelope) {
        return Probe.ofFingers(List.of(new ProbeFinger(0, FingerprintTemplates.matchable(envelope))));
    }

    private static SearchModeComparison.Outcome compare(Gallery gallery, List<SearchModeComparison.MatedProbe> mated,
                                                        List<Probe> nonMated) {
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            return SearchModeComparison.run(gallery, mated, nonMated, pool);
        } finally {
            pool.shutdownNow();
        }
    }
}
