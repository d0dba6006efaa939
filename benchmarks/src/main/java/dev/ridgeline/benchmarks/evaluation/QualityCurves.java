package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.AccuracyReport;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.accuracy.ErrorVersusReject;
import dev.ridgeline.benchmarks.accuracy.ErrorVersusRejectPlot;
import dev.ridgeline.engine.face.FaceQuality;
import dev.ridgeline.engine.finger.FingerQuality;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Whether a modality's quality score predicts comparison errors: the error-versus-reject curve of
 * the score a template stores (FNMR at FMR 0.1% as the genuine comparisons of lowest quality are
 * set aside; a comparison's quality is the lower of its two samples', lowest of all for a sample
 * that could not be templated), and beside it the curve of each measurement the score could draw
 * on, so a report shows which of them know anything.
 *
 * @param <Q> the modality's quality record
 */
final class QualityCurves<Q> {

    static final double FMR = 1e-3;
    private static final double[] SHARES = {0, 0.01, 0.02, 0.05, 0.1, 0.2};
    /** The chart's shares: every percent up to 30. */
    private static final double[] CHART_SHARES = IntStream.rangeClosed(0, 30).mapToDouble(percent -> percent / 100.0)
            .toArray();
    /** The chart of every curve, written beside the report. */
    static final String CHART_FILE = "error-versus-reject.png";
    static final AccuracyReport.ChartFile REPORT_CHART = new AccuracyReport.ChartFile(CHART_FILE,
            "error versus reject: FNMR at FMR 0.1% as the lowest-quality genuine comparisons are set aside");

    /**
     * What to rank by: the stored score, and each measurement alone (oriented so higher means better).
     */
    record Measures<Q>(ToDoubleFunction<Q> score, Map<String, ToDoubleFunction<Q>> alone) {
    }

    /** How to read a quality off one evaluation's templates, and what to rank it by. */
    record Reading<T, Q>(Function<T, Q> quality, Measures<Q> measures) {
    }

    static final Measures<FaceQuality> FACES = new Measures<>(FaceQuality::score, faceMeasures());
    static final Measures<FingerQuality> FINGERS = new Measures<>(FingerQuality::score, fingerMeasures());

    private final double[] genuine;
    private final List<Q> probeSide;
    private final List<Q> candidateSide;
    private final Measures<Q> measures;
    private final double threshold;

    /**
     * @param genuine       the genuine comparisons' scores (a failure to template scores below every threshold)
     * @param probeSide     for each, the quality of one sample, null where it could not be templated
     * @param candidateSide the other sample's, likewise
     * @param rates         the rates whose impostors fix the threshold at FMR 0.1%
     */
    QualityCurves(double[] genuine, List<Q> probeSide, List<Q> candidateSide, ErrorRates rates, Measures<Q> measures) {
        this.genuine = genuine;
        this.probeSide = probeSide;
        this.candidateSide = candidateSide;
        this.measures = measures;
        this.threshold = rates.thresholdAtFmr(FMR);
    }

    /** The curves of pairs of templates, in the order {@link PairScorer} scores them. */
    static <T, Q> QualityCurves<Q> ofPairs(List<T> templates, int[][] pairs, Reading<T, Q> reading, double[] genuine,
                                           ErrorRates rates) {
        List<Q> probes = new ArrayList<>();
        List<Q> candidates = new ArrayList<>();
        for (int probe = 0; probe < pairs.length; probe++) {
            for (int candidate : pairs[probe]) {
                probes.add(reading.quality().apply(templates.get(probe)));
                candidates.add(reading.quality().apply(templates.get(candidate)));
            }
        }
        return new QualityCurves<>(genuine, probes, candidates, rates, reading.measures());
    }

    /** The score's curve and each measurement's, as rows. */
    void rows(Figures figures) {
        figures.row("quality: FNMR at FMR 0.1% (threshold " + String.format(Locale.ROOT, "%.3f", threshold)
                + ") with the lowest-quality share of genuine pairs set aside", describe(scoreCurve()));
        measures.alone().forEach((name, measure) -> figures.row("  ... ranked by " + name + " alone",
                describe(curve(measure, SHARES))));
    }

    /** The score's curve and each measurement's on one chart. */
    void writeChart(Path file, String title) throws IOException {
        List<String> names = new ArrayList<>(List.of("quality score"));
        List<List<ErrorVersusReject.Point>> curves = new ArrayList<>(List.of(curve(measures.score(), CHART_SHARES)));
        measures.alone().forEach((name, measure) -> {
            names.add(name + " alone");
            curves.add(curve(measure, CHART_SHARES));
        });
        ErrorVersusRejectPlot.write(file, title, names, curves, "the threshold for FMR 0.1%");
    }

    /** The score's curve as RESULT keys, to follow the standard ones: evr_fnmr_rN is FNMR with N% set aside. */
    void results(Figures figures) {
        figures.result("evr_threshold", Figures.fraction(threshold));
        for (ErrorVersusReject.Point point : scoreCurve()) {
            figures.result("evr_fnmr_r" + Math.round(100 * point.rejected()), Figures.fraction(point.fnmr()));
        }
    }

    /** The stored score's curve: FNMR with 0, 1, 2, 5, 10 and 20% of the genuine comparisons set aside. */
    List<ErrorVersusReject.Point> scoreCurve() {
        return curve(measures.score(), SHARES);
    }

    private List<ErrorVersusReject.Point> curve(ToDoubleFunction<Q> measure, double... shares) {
        double[] quality = new double[genuine.length];
        for (int i = 0; i < quality.length; i++) {
            quality[i] = Math.min(value(probeSide.get(i), measure), value(candidateSide.get(i), measure));
        }
        return ErrorVersusReject.curve(genuine, quality, threshold, shares);
    }

    private double value(Q quality, ToDoubleFunction<Q> measure) {
        return quality == null ? Double.NEGATIVE_INFINITY : measure.applyAsDouble(quality);
    }

    private static String describe(List<ErrorVersusReject.Point> curve) {
        return curve.stream().map(p -> String.format(Locale.ROOT, "%.0f%%: %s", 100 * p.rejected(), Figures.percent(p.fnmr())))
                .collect(Collectors.joining(", "));
    }

    private static Map<String, ToDoubleFunction<FaceQuality>> faceMeasures() {
        Map<String, ToDoubleFunction<FaceQuality>> measures = new LinkedHashMap<>();
        measures.put("embedding norm", FaceQuality::embeddingNorm);
        measures.put("share outside the photo", quality -> -quality.outsideFraction());
        measures.put("share of the face outside", quality -> -quality.faceOutsideFraction());
        measures.put("detection confidence", FaceQuality::detectionConfidence);
        measures.put("eye distance", FaceQuality::interOcularPixels);
        measures.put("sharpness", FaceQuality::sharpness);
        measures.put("|yaw|", quality -> -Math.abs(quality.yawDegrees()));
        measures.put("contrast", FaceQuality::contrast);
        return measures;
    }

    private static Map<String, ToDoubleFunction<FingerQuality>> fingerMeasures() {
        Map<String, ToDoubleFunction<FingerQuality>> measures = new LinkedHashMap<>();
        measures.put("ridge clarity", FingerQuality::ridgeClarity);
        measures.put("minutia area", FingerQuality::minutiaArea);
        measures.put("minutia count", FingerQuality::minutiae);
        return measures;
    }
}
