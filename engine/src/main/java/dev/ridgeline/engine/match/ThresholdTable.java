package dev.ridgeline.engine.match;

import dev.ridgeline.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    /** The table's points, -log10(FMR) ascending and each one's threshold; arrays, as a search reads them once per subject. */
    private final double[] decades;
    private final double[] scores;

    public ThresholdTable(String version, double[] fmrs, double[] thresholds) {
        this.version = version;
        NavigableMap<Double, Double> byDecade = new TreeMap<>();
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
        return Arrays.stream(decades).mapToObj(decade -> Math.pow(10, -decade)).toList();
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
        double lowest = decades[0];
        double highest = decades[decades.length - 1];
        if (!(targetFmr > 0) || decade < lowest - 1e-9 || decade > highest + 1e-9) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "target FMR %s is outside the calibrated range %.0e to %.0e",
                    targetFmr, Math.pow(10, -highest), Math.pow(10, -lowest)));
        }
        return decades.length == 1 ? scores[0] : scoreAt(decade);
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
        double evidence = interpolate(scores, decades, score);
        return Math.max(0, Math.min(evidence, decades[decades.length - 1] + EXTRAPOLATION_DECADES));
    }

    /**
     * The inverse of {@link #decadesAt} within its bounds: the score that stands for {@code evidence}
     * decades of -log10 FMR, as {@link #threshold} interpolates it, extrapolated along the end segments.
     */
    public double scoreAt(double evidence) {
        return interpolate(decades, scores, evidence);
    }

    /**
     * Linear in the segment of ascending {@code xs} that holds {@code x} (or the end segment
     * nearest it), exact at the table's own points.
     */
    private static double interpolate(double[] xs, double[] ys, double x) {
        int low = 0;
        while (low < xs.length - 2 && x > xs[low + 1]) {
            low++;
        }
        double t = (x - xs[low]) / (xs[low + 1] - xs[low]);
        return ys[low] * (1 - t) + ys[low + 1] * t;
    }

    public Decision decide(double score, double targetFmr) {
        double threshold = threshold(targetFmr);
        return new Decision(score >= threshold, score, threshold, targetFmr);
    }
}
