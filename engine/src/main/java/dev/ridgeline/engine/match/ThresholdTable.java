package dev.ridgeline.engine.match;

import dev.ridgeline.engine.EngineException;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Maps a target false-match rate to a score threshold, interpolating log-linearly between the
 * table's operating points. Requests outside the table are refused rather than extrapolated.
 */
public final class ThresholdTable {

    private final String version;
    /** -log10(FMR) -> threshold, ascending. */
    private final NavigableMap<Double, Double> byDecade = new TreeMap<>();

    public ThresholdTable(String version, double[] fmrs, double[] thresholds) {
        this.version = version;
        for (int i = 0; i < fmrs.length; i++) {
            byDecade.put(-Math.log10(fmrs[i]), thresholds[i]);
        }
    }

    /**
     * Provisional fingerprint table on SourceAFIS's own scale, anchored at its documented point
     * (score 40 ~ FMR 1e-4) with 10 points per decade. It is replaced by a table measured on
     * impostor scores once calibration lands.
     */
    public static ThresholdTable provisionalFingerprint() {
        return new ThresholdTable("sourceafis-provisional-1",
                new double[] {1e-2, 1e-3, 1e-4, 1e-5, 1e-6},
                new double[] {20, 30, 40, 50, 60});
    }

    public String version() {
        return version;
    }

    public double threshold(double targetFmr) {
        double decade = -Math.log10(targetFmr);
        double lowest = byDecade.firstKey();
        double highest = byDecade.lastKey();
        if (!(targetFmr > 0) || decade < lowest - 1e-9 || decade > highest + 1e-9) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "target FMR %s is outside the calibrated range %.0e to %.0e",
                    targetFmr, Math.pow(10, -highest), Math.pow(10, -lowest)));
        }
        var floor = byDecade.floorEntry(decade);
        var ceiling = byDecade.ceilingEntry(decade);
        if (floor == null) {
            return ceiling.getValue();
        }
        if (ceiling == null || floor.getKey().equals(ceiling.getKey())) {
            return floor.getValue();
        }
        double t = (decade - floor.getKey()) / (ceiling.getKey() - floor.getKey());
        return floor.getValue() + t * (ceiling.getValue() - floor.getValue());
    }

    public Decision decide(double score, double targetFmr) {
        double threshold = threshold(targetFmr);
        return new Decision(score >= threshold, score, threshold, targetFmr);
    }
}
