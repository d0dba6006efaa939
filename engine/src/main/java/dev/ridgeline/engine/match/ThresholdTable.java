package dev.ridgeline.engine.match;

import dev.ridgeline.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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
    /** The same points as arrays, for {@link #decadesAt}, which a search calls once per subject. */
    private final double[] decades;
    private final double[] scores;

    public ThresholdTable(String version, double[] fmrs, double[] thresholds) {
        this.version = version;
        for (int i = 0; i < fmrs.length; i++) {
            byDecade.put(-Math.log10(fmrs[i]), thresholds[i]);
        }
        decades = byDecade.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        scores = byDecade.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The shipped fingerprint table (see {@link #FINGERPRINT_RESOURCE} for how it was made). */
    public static ThresholdTable fingerprint() {
        return load(FINGERPRINT_RESOURCE);
    }

    /** The shipped face table: cosine thresholds for the face model (see {@link #FACE_RESOURCE}). */
    public static ThresholdTable face() {
        return load(FACE_RESOURCE);
    }

    public static final String FACE_RESOURCE = "face-calibration.properties";

    /** The shipped table of the second finger matcher, Minutia Cylinder-Code (see {@link #CYLINDER_RESOURCE}). */
    public static ThresholdTable cylinders() {
        return load(CYLINDER_RESOURCE);
    }

    /** Minutia Cylinder-Code scores (0 to 1) of generated fingers, made like the fingerprint table. */
    public static final String CYLINDER_RESOURCE = "mcc-calibration.properties";

    /** Calibration tables are properties files: {@code version} and {@code fmr.1e-N=threshold} lines. */
    public static final String FINGERPRINT_RESOURCE = "fingerprint-calibration.properties";

    static ThresholdTable load(String resource) {
        try (InputStream in = ThresholdTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("calibration table " + resource + " is missing from the build");
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration table " + resource, e);
        }
    }

    /** A table from a file, e.g. one an operator derived with {@code ./ridgeline calibrate}. */
    public static ThresholdTable read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration table " + file, e);
        }
    }

    private static ThresholdTable parse(InputStream in, String name) throws IOException {
        Properties table = new Properties();
        table.load(in);
        List<String> points = table.stringPropertyNames().stream().filter(k -> k.startsWith("fmr.")).sorted().toList();
        double[] fmrs = new double[points.size()];
        double[] thresholds = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            fmrs[i] = Double.parseDouble(points.get(i).substring("fmr.".length()));
            thresholds[i] = Double.parseDouble(table.getProperty(points.get(i)));
        }
        return new ThresholdTable(table.getProperty("version", name), fmrs, thresholds);
    }

    /** The target FMRs the table holds a threshold for, least strict first. */
    public List<Double> fmrs() {
        return byDecade.keySet().stream().map(decade -> Math.pow(10, -decade)).toList();
    }

    /**
     * The per-comparison FMR that gives a 1:N search over {@code comparisons} templates the
     * target false-positive identification rate: FPIR = 1 - (1 - FMR)^N, so FMR = 1 - (1 - FPIR)^(1/N),
     * about FPIR / N. Assumes independent impostor comparisons, one per enrolled template.
     */
    public static double fmrForFpir(double targetFpir, long comparisons) {
        if (!(targetFpir > 0 && targetFpir < 1)) {
            throw EngineException.invalid("target FPIR must be between 0 and 1, got " + targetFpir);
        }
        return -Math.expm1(Math.log1p(-targetFpir) / Math.max(1, comparisons));
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

    /** How far past the table's last point evidence may be extrapolated, in decades. */
    private static final double EXTRAPOLATION_DECADES = 2;

    /**
     * The inverse of {@link #threshold}: the -log10 FMR a score stands for, interpolated between
     * the table's points and extrapolated along its end segments, never below 0 nor more than
     * {@value #EXTRAPOLATION_DECADES} decades past the last point (beyond it there is no data).
     */
    public double decadesAt(double score) {
        if (decades.length < 2) {
            throw new IllegalStateException("calibration table " + version + " needs two points to interpolate");
        }
        int low = 0;
        while (low < decades.length - 2 && score > scores[low + 1]) {
            low++;
        }
        double at = decades[low]
                + (score - scores[low]) * (decades[low + 1] - decades[low]) / (scores[low + 1] - scores[low]);
        return Math.max(0, Math.min(at, decades[decades.length - 1] + EXTRAPOLATION_DECADES));
    }

    /**
     * The inverse of {@link #decadesAt} within its bounds: the score that stands for
     * {@code evidence} decades of -log10 FMR, on the same segments, extrapolated along the end ones.
     */
    public double scoreAt(double evidence) {
        int low = 0;
        while (low < decades.length - 2 && evidence > decades[low + 1]) {
            low++;
        }
        return scores[low] + (evidence - decades[low]) * (scores[low + 1] - scores[low])
                / (decades[low + 1] - decades[low]);
    }

    public Decision decide(double score, double targetFmr) {
        double threshold = threshold(targetFmr);
        return new Decision(score >= threshold, score, threshold, targetFmr);
    }
}
