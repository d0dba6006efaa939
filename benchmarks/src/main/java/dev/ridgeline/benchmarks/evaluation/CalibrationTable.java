package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Score thresholds for the service's operating points (FMR 1e-2 .. 1e-6) from impostor scores.
 * Where the impostor set holds fewer than {@link #MIN_EXPECTED_FALSE_MATCHES} expected false
 * matches for a point, its threshold is extrapolated from the log-linear tail fitted on the two
 * strictest well-supported points; the table records which points were measured and which
 * extrapolated. Written in the format {@code ThresholdTable} reads.
 */
final class CalibrationTable {

    static final double[] OPERATING_POINTS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    /** An empirical threshold needs this many impostors above it to be more than noise. */
    static final double MIN_EXPECTED_FALSE_MATCHES = 20;

    private final int impostorScores;
    private final double[] thresholds = new double[OPERATING_POINTS.length];
    private final boolean[] measured = new boolean[OPERATING_POINTS.length];

    CalibrationTable(ErrorRates impostors) {
        impostorScores = impostors.impostorCount();
        int lastMeasured = -1;
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            measured[i] = impostorScores * OPERATING_POINTS[i] >= MIN_EXPECTED_FALSE_MATCHES;
            if (measured[i]) {
                thresholds[i] = impostors.thresholdAtFmr(OPERATING_POINTS[i]);
                lastMeasured = i;
            }
        }
        if (lastMeasured < 1) {
            throw new IllegalStateException(impostorScores
                    + " impostor scores support fewer than two operating points: add samples");
        }
        // Tail fit: threshold is linear in log10(FMR) between the two strictest measured points.
        double perDecade = thresholds[lastMeasured] - thresholds[lastMeasured - 1];
        for (int i = lastMeasured + 1; i < OPERATING_POINTS.length; i++) {
            thresholds[i] = thresholds[i - 1] + perDecade;
        }
    }

    /**
     * @param header comment lines (without the leading {@code #}) saying what the scores are and how to remake them
     * @param thresholdFormat how a threshold is printed, e.g. {@code %.2f}
     */
    List<String> lines(List<String> header, String version, String thresholdFormat) {
        List<String> lines = new ArrayList<>();
        header.forEach(line -> lines.add("# " + line));
        lines.add("# 'measured' points are empirical; 'extrapolated' ones continue the log-linear tail.");
        lines.add("version=" + version);
        lines.add("impostor_scores=" + impostorScores);
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            lines.add(String.format(Locale.ROOT, "fmr.%s=" + thresholdFormat, key(OPERATING_POINTS[i]), thresholds[i]));
            lines.add(String.format(Locale.ROOT, "source.%s=%s", key(OPERATING_POINTS[i]),
                    measured[i] ? "measured" : "extrapolated"));
        }
        return lines;
    }

    private static String key(double fmr) {
        return String.format(Locale.ROOT, "1e-%d", Math.round(-Math.log10(fmr)));
    }
}
