package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Derives the fingerprint threshold table from impostor scores of generated fingers: one
 * impression of each of N fingers, every pair compared. Where the impostor set holds fewer than
 * {@link #MIN_EXPECTED_FALSE_MATCHES} expected false matches for an operating point, the
 * threshold is extrapolated from the log-linear tail fitted on the two strictest well-supported
 * points; the table records which points were measured and which extrapolated.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Derive the fingerprint threshold table (FMR 1e-2 .. 1e-6) from generated impostor scores.")
public final class CalibrateCommand implements Callable<Integer> {

    static final double[] OPERATING_POINTS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    /** An empirical threshold needs this many impostors above it to be more than noise. */
    static final double MIN_EXPECTED_FALSE_MATCHES = 20;

    @Option(names = "--fingers", defaultValue = "2000", description = "Generated fingers (default: ${DEFAULT-VALUE}).")
    int fingers;

    @Option(names = "--seed", defaultValue = "1111", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Calibration table to write (properties).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("ridgeline-calibration");
        try {
            new SyntheticFingerprints(seed).writeDataset(scratch, fingers, 1);
            TemplateSet templates = TemplateSet.extract(Dataset.load(scratch, Dataset.Layout.FVC), SyntheticFingerprints.DPI);
            ComparisonPlan plan = new ComparisonPlan(templates);
            double[] impostor = PairScorer.score(plan.templates(), plan.allImpostors(), "impostor pairs");
            List<String> table = table(ErrorRates.of(new double[0], impostor), templates.failedToEnroll());
            Files.write(out, table);
            table.forEach(System.out::println);
            return 0;
        } finally {
            deleteTree(scratch);
        }
    }

    private List<String> table(ErrorRates rates, int failedToEnroll) {
        int n = rates.impostorCount();
        double[] thresholds = new double[OPERATING_POINTS.length];
        boolean[] measured = new boolean[OPERATING_POINTS.length];
        int lastMeasured = -1;
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            measured[i] = n * OPERATING_POINTS[i] >= MIN_EXPECTED_FALSE_MATCHES;
            if (measured[i]) {
                thresholds[i] = rates.thresholdAtFmr(OPERATING_POINTS[i]);
                lastMeasured = i;
            }
        }
        if (lastMeasured < 1) {
            throw new IllegalStateException(n + " impostor scores support fewer than two operating points: add fingers");
        }
        // Tail fit: threshold is linear in log10(FMR) between the two strictest measured points.
        double perDecade = thresholds[lastMeasured] - thresholds[lastMeasured - 1];
        for (int i = lastMeasured + 1; i < OPERATING_POINTS.length; i++) {
            thresholds[i] = thresholds[i - 1] + perDecade;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Ridgeline fingerprint calibration: score thresholds per target false-match rate.");
        lines.add("# Made by: ./ridgeline calibrate --fingers " + fingers + " --seed " + seed + " --out FILE");
        lines.add("# Impostor scores: every pair of " + fingers + " generated fingers (one impression each), "
                + failedToEnroll + " failed to enroll.");
        lines.add("# 'measured' points are empirical; 'extrapolated' ones continue the log-linear tail.");
        lines.add("version=" + FingerprintTemplates.ALGORITHM + "-" + FingerprintTemplates.ALGORITHM_VERSION
                + "-synthetic-" + LocalDate.now());
        lines.add("impostor_scores=" + n);
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            lines.add(String.format(Locale.ROOT, "fmr.%s=%.2f", key(OPERATING_POINTS[i]), thresholds[i]));
            lines.add(String.format(Locale.ROOT, "source.%s=%s", key(OPERATING_POINTS[i]),
                    measured[i] ? "measured" : "extrapolated"));
        }
        return lines;
    }

    private static String key(double fmr) {
        return String.format(Locale.ROOT, "1e-%d", Math.round(-Math.log10(fmr)));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
