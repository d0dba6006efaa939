package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.match.MatcherFusion;
import dev.ridgeline.engine.mcc.CylinderCode;
import dev.ridgeline.engine.mcc.CylinderMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Every ordered pair of a finger set's templates scored by each matcher: SourceAFIS, Minutia
 * Cylinder-Code with LSS and with LSSR, and SourceAFIS fused with MCC-LSSR through their
 * calibration tables; and MCC-LSSR on the minutiae of the Gabor-filtered image, as SourceAFIS
 * finds them and as Ridgeline's skeleton extractor does (at the capture's own scale and at the
 * natural ridge period), each alone and fused with plain SourceAFIS. The finger protocols (FVC, multi-impression, chimeric
 * multi-finger) all read their pairs from here, so every matcher meets exactly the same comparisons.
 */
final class FingerScores {

    /** How a matcher's scores become false-match probabilities. */
    enum Calibration {
        /** The shipped SourceAFIS table. */
        SOURCEAFIS_TABLE,
        /** The shipped Minutia Cylinder-Code table. */
        CYLINDER_TABLE,
        /** None needed: the score is already -log10 of a fused false-match probability. */
        FUSED,
        /** No table calibrates it. */
        NONE
    }

    enum Matcher {
        SOURCEAFIS("SourceAFIS", Calibration.SOURCEAFIS_TABLE),
        MCC_LSS("MCC (LSS)", Calibration.NONE),
        MCC_LSSR("MCC (LSSR)", Calibration.CYLINDER_TABLE),
        FUSED("SourceAFIS + MCC (LSSR), fused", Calibration.FUSED),
        /** MCC-LSSR on the minutiae SourceAFIS finds in the Gabor-filtered image. */
        MCC_FILTERED("MCC (LSSR) of the filtered image", Calibration.CYLINDER_TABLE),
        /** Plain SourceAFIS fused with MCC_FILTERED: the two read different minutiae. */
        FUSED_FILTERED("SourceAFIS + MCC (LSSR) of the filtered image, fused", Calibration.FUSED),
        /** MCC-LSSR on the minutiae Ridgeline's skeleton extractor finds in the Gabor-filtered image. */
        MCC_SKELETON("MCC (LSSR) of the filtered image's skeleton", Calibration.CYLINDER_TABLE),
        /** Plain SourceAFIS fused with MCC_SKELETON: two extractors, two images, two matchers. */
        FUSED_SKELETON("SourceAFIS + MCC (LSSR) of the filtered image's skeleton, fused", Calibration.FUSED),
        /** MCC_SKELETON after the print is scaled to the natural ridge period. */
        MCC_SKELETON_NATURAL("MCC (LSSR) of the skeleton at the natural ridge period", Calibration.CYLINDER_TABLE),
        /** Plain SourceAFIS fused with MCC_SKELETON_NATURAL. */
        FUSED_SKELETON_NATURAL("SourceAFIS + MCC (LSSR) of the skeleton at the natural ridge period, fused",
                Calibration.FUSED);

        /** The matchers whose scores a calibration table turns into false-match probabilities (fused ones: their own). */
        static final List<Matcher> CALIBRATED =
                Arrays.stream(values()).filter(matcher -> matcher.calibration != Calibration.NONE).toList();

        final String label;
        final Calibration calibration;

        Matcher(String label, Calibration calibration) {
            this.label = label;
            this.calibration = calibration;
        }

        /** Whether the score is already -log10 of a fused false-match probability. */
        boolean fused() {
            return calibration == Calibration.FUSED;
        }

        /** The RESULT key prefix, e.g. {@code mcc_lssr}. */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** MCC-LSSR on one kind of a capture's filtered-image cylinders, and that score fused with plain SourceAFIS. */
    private record FilteredPair(Matcher alone, Matcher fused,
                                Function<Fingerprints.FilteredCylinders, CylinderCode> cylinders) {
    }

    private static final List<FilteredPair> FILTERED_PAIRS = List.of(
            new FilteredPair(Matcher.MCC_FILTERED, Matcher.FUSED_FILTERED, Fingerprints.FilteredCylinders::sourceafis),
            new FilteredPair(Matcher.MCC_SKELETON, Matcher.FUSED_SKELETON, Fingerprints.FilteredCylinders::skeleton),
            new FilteredPair(Matcher.MCC_SKELETON_NATURAL, Matcher.FUSED_SKELETON_NATURAL,
                    Fingerprints.FilteredCylinders::naturalSkeleton));

    /** Identity (index into the set's identities) and impression (rank among its usable templates) of each template. */
    final int[] identity;
    final int[] impression;
    final int identities;
    final List<FingerprintTemplate> templates;
    final List<CylinderCode> cylinders;
    /** [matcher][probe][candidate]; the diagonal is unused. */
    private final double[][][] scores;

    private FingerScores(int[] identity, int[] impression, int identities, List<FingerprintTemplate> templates,
                         List<CylinderCode> cylinders, double[][][] scores) {
        this.identity = identity;
        this.impression = impression;
        this.identities = identities;
        this.templates = templates;
        this.cylinders = cylinders;
        this.scores = scores;
    }

    /** @param filtered each template's cylinders from the minutiae of its Gabor-filtered image */
    static FingerScores of(TemplateSet<FingerprintTemplate> set,
                           Function<FingerprintTemplate, Fingerprints.FilteredCylinders> filtered, MatcherFusion fusion) {
        List<FingerprintTemplate> flat = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < set.identities().size(); i++) {
            List<FingerprintTemplate> own = set.identities().get(i).templates();
            for (int k = 0; k < own.size(); k++) {
                flat.add(own.get(k));
                labels.add(new int[] {i, k});
            }
        }
        int n = flat.size();
        List<CylinderCode> cylinders = flat.parallelStream().map(Fingerprints::cylinders).toList();
        List<Fingerprints.FilteredCylinders> filteredCylinders = flat.parallelStream().map(filtered).toList();
        double[][][] scores = new double[Matcher.values().length][n][n];
        CylinderMatcher lss = new CylinderMatcher(CylinderMatcher.Consolidation.LSS);
        CylinderMatcher lssr = new CylinderMatcher(CylinderMatcher.Consolidation.LSSR);
        try (var progress = Progress.bar("all pairs, every matcher", (long) n * (n - 1))) {
            IntStream.range(0, n).parallel().forEach(p -> {
                FingerprintMatcher afis = new FingerprintMatcher(flat.get(p));
                for (int c = 0; c < n; c++) {
                    if (c == p) {
                        continue;
                    }
                    double sourceafis = afis.match(flat.get(c));
                    double relaxed = lssr.score(cylinders.get(p), cylinders.get(c));
                    scores[Matcher.SOURCEAFIS.ordinal()][p][c] = sourceafis;
                    scores[Matcher.MCC_LSS.ordinal()][p][c] = lss.score(cylinders.get(p), cylinders.get(c));
                    scores[Matcher.MCC_LSSR.ordinal()][p][c] = relaxed;
                    scores[Matcher.FUSED.ordinal()][p][c] = fusion.fusedDecades(sourceafis, relaxed);
                    for (FilteredPair pair : FILTERED_PAIRS) {
                        double alone = lssr.score(pair.cylinders.apply(filteredCylinders.get(p)),
                                pair.cylinders.apply(filteredCylinders.get(c)));
                        scores[pair.alone.ordinal()][p][c] = alone;
                        scores[pair.fused.ordinal()][p][c] = fusion.fusedDecades(sourceafis, alone);
                    }
                }
                progress.stepBy(n - 1);
            });
        }
        return new FingerScores(labels.stream().mapToInt(l -> l[0]).toArray(),
                labels.stream().mapToInt(l -> l[1]).toArray(), set.identities().size(), List.copyOf(flat), cylinders, scores);
    }

    int size() {
        return identity.length;
    }

    double score(Matcher matcher, int probe, int candidate) {
        return scores[matcher.ordinal()][probe][candidate];
    }

    /** The templates of one identity, by impression. */
    int[] of(int identityIndex) {
        return IntStream.range(0, size()).filter(t -> identity[t] == identityIndex).toArray();
    }

    /** {@link #of} for every identity, indexed by identity. */
    int[][] byIdentity() {
        return IntStream.range(0, identities).mapToObj(this::of).toArray(int[][]::new);
    }
}
