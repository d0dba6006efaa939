package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.DetPlot;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.evaluation.FingerScores.Matcher;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.VerificationMatcher;
import dev.ridgeline.engine.mcc.CylinderEncoder;
import dev.ridgeline.engine.mcc.CylinderMatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The FVC protocol (every same-finger pair genuine, every cross-finger pair impostor, probe the
 * earlier impression) for each finger matcher side by side, the fused score's observed FMR at
 * its nominal thresholds, and what one comparison costs each matcher on one thread.
 */
final class MatcherComparison {

    /** Cost measurement: this many comparisons per matcher and round, after as many warm-up rounds. */
    private static final int TIMED_PAIRS = 2_000;
    private static final int ROUNDS = 3;

    private MatcherComparison() {
    }

    /** The chart of every matcher's DET curve on the FVC protocol, written beside the report. */
    static final String DET_FILE = "det-matchers.png";

    static void writeDet(FingerScores scores, Path file, String title) throws IOException {
        List<Matcher> matchers = List.of(Matcher.values());
        DetPlot.writeComparison(file, title, matchers.stream().map(m -> m.label).toList(),
                matchers.stream().map(m -> fvcRates(scores, m)).toList());
    }

    static ErrorRates fvcRates(FingerScores scores, Matcher matcher) {
        int n = scores.size();
        double[] genuine = new double[n * n];
        double[] impostor = new double[n * n];
        int g = 0;
        int i = 0;
        for (int p = 0; p < n; p++) {
            for (int c = p + 1; c < n; c++) {
                if (scores.identity[p] == scores.identity[c]) {
                    genuine[g++] = scores.score(matcher, p, c);
                } else {
                    impostor[i++] = scores.score(matcher, p, c);
                }
            }
        }
        return ErrorRates.of(java.util.Arrays.copyOf(genuine, g), java.util.Arrays.copyOf(impostor, i));
    }

    static void report(FingerScores scores, Figures figures) {
        for (Matcher matcher : Matcher.values()) {
            ErrorRates rates = fvcRates(scores, matcher);
            figures.row("FVC protocol, " + matcher.label, "EER " + Figures.percent(rates.eer())
                    + ", FNMR at FMR 0.1% " + Figures.percent(rates.fmr1000())
                    + ", FNMR at FMR 1% " + Figures.percent(rates.fmr100()));
            figures.result(matcher.key() + "_eer", Figures.fraction(rates.eer()));
            figures.result(matcher.key() + "_fnmr_at_fmr_1e-3", Figures.fraction(rates.fmr1000()));
        }
        // Calibration on this set's impostors: each shipped table's threshold, and the fused score's nominal one.
        for (Matcher matcher : Matcher.CALIBRATED) {
            ErrorRates rates = fvcRates(scores, matcher);
            StringBuilder observed = new StringBuilder();
            for (int decades = 2; decades <= 3; decades++) {
                double threshold = matcher.fused() ? decades
                        : ChimericFingersProtocol.table(matcher).threshold(Math.pow(10, -decades));
                double fmr = rates.fmrAt(threshold);
                observed.append(observed.isEmpty() ? "" : ", ").append("at 1e-").append(decades).append(": ")
                        .append(Figures.percent(fmr));
                figures.result(matcher.key() + "_observed_fmr_at_1e-" + decades, Figures.fraction(fmr));
            }
            figures.row("observed FMR at the calibrated thresholds, " + matcher.label,
                    observed + " (" + rates.impostorCount() + " impostors)");
        }
        Cost cost = measure(scores);
        figures.row("cost of one 1:1 comparison, one thread", String.format(Locale.ROOT,
                "SourceAFIS %.1f us, MCC (LSSR) %.1f us: both %.2fx SourceAFIS; cylinders %.0f us per template",
                cost.sourceafis, cost.cylinders, (cost.sourceafis + cost.cylinders) / cost.sourceafis, cost.encoding));
        figures.result("sourceafis_us_per_comparison", String.format(Locale.ROOT, "%.1f", cost.sourceafis));
        figures.result("mcc_us_per_comparison", String.format(Locale.ROOT, "%.1f", cost.cylinders));
        figures.result("both_cost_ratio", String.format(Locale.ROOT, "%.2f", (cost.sourceafis + cost.cylinders) / cost.sourceafis));
        figures.result("mcc_encode_us_per_template", String.format(Locale.ROOT, "%.0f", cost.encoding));
    }

    /** Microseconds per comparison (or per template encoded), measured in the last of a few rounds. */
    record Cost(double sourceafis, double cylinders, double encoding) {
    }

    /**
     * One thread, the first {@value #TIMED_PAIRS} ordered cross pairs. SourceAFIS is timed as a
     * verification runs it: the probe indexed for a 1:1 ({@link VerificationMatcher}) and one
     * reference compared; MCC compares cylinders made at enrollment and once per probe.
     */
    static Cost measure(FingerScores scores) {
        int n = scores.size();
        int pairs = Math.min(TIMED_PAIRS, n * (n - 1));
        CylinderMatcher matcher = CylinderMatcher.standard();
        double sink = 0;
        Cost cost = null;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int k = 0; k < pairs; k++) {
                int p = k / (n - 1);
                int c = (p + 1 + k % (n - 1)) % n;
                sink += new VerificationMatcher(scores.templates.get(p)).match(scores.templates.get(c));
            }
            long afis = System.nanoTime() - start;
            start = System.nanoTime();
            for (int k = 0; k < pairs; k++) {
                int p = k / (n - 1);
                int c = (p + 1 + k % (n - 1)) % n;
                sink += matcher.score(scores.cylinders.get(p), scores.cylinders.get(c));
            }
            long mcc = System.nanoTime() - start;
            start = System.nanoTime();
            for (int t = 0; t < n; t++) {
                sink += CylinderEncoder.encode(FingerprintTemplates.minutiae(scores.templates.get(t))).count();
            }
            long encode = System.nanoTime() - start;
            cost = new Cost(afis / 1e3 / pairs, mcc / 1e3 / pairs, encode / 1e3 / n);
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("unreachable: keeps the timed work from being optimised away");
        }
        return cost;
    }
}
