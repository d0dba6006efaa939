package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.accuracy.ErrorVersusReject;
import dev.ridgeline.engine.face.FaceQuality;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Whether the face quality score predicts comparison errors: the error-versus-reject curve of the
 * score a template stores (FNMR at FMR 0.1% as the genuine comparisons of lowest quality are set
 * aside; a comparison's quality is the lower of its two faces', 0 for a photo where no face was
 * found), and beside it the curve of each measurement the score could draw on, so a report shows
 * which of them know anything.
 */
final class FaceQualityCurves {

    static final double FMR = 1e-3;
    private static final double[] SHARES = {0, 0.01, 0.02, 0.05, 0.1, 0.2};

    /** Each measurement oriented so that higher means better. */
    private static final Map<String, ToDoubleFunction<FaceQuality>> MEASURES = measures();

    private final double[] genuine;
    private final FaceQuality[][] pairs;
    private final double threshold;

    /**
     * @param genuine the genuine comparisons' scores (a failure to template scores below every threshold)
     * @param pairs   for each, the qualities of its two faces, null for a photo where none was found
     * @param rates   the rates whose impostors fix the threshold at FMR 0.1%
     */
    FaceQualityCurves(double[] genuine, FaceQuality[][] pairs, ErrorRates rates) {
        this.genuine = genuine;
        this.pairs = pairs;
        this.threshold = rates.thresholdAtFmr(FMR);
    }

    /** The score's curve and each measurement's, as rows. */
    void rows(Figures figures) {
        figures.row("quality: FNMR at FMR 0.1% (threshold " + String.format(Locale.ROOT, "%.3f", threshold)
                + ") with the lowest-quality share of genuine pairs set aside", describe(curve(FaceQuality::score)));
        MEASURES.forEach((name, measure) -> figures.row("  ... ranked by " + name + " alone", describe(curve(measure))));
    }

    /** The score's curve as RESULT keys, to follow the standard ones: evr_fnmr_rN is FNMR with N% set aside. */
    void results(Figures figures) {
        figures.result("evr_threshold", Figures.fraction(threshold));
        for (ErrorVersusReject.Point point : curve(FaceQuality::score)) {
            figures.result("evr_fnmr_r" + Math.round(100 * point.rejected()), Figures.fraction(point.fnmr()));
        }
    }

    private List<ErrorVersusReject.Point> curve(ToDoubleFunction<FaceQuality> measure) {
        double[] quality = new double[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            quality[i] = Math.min(value(pairs[i][0], measure), value(pairs[i][1], measure));
        }
        return ErrorVersusReject.curve(genuine, quality, threshold, SHARES);
    }

    private static double value(FaceQuality quality, ToDoubleFunction<FaceQuality> measure) {
        return quality == null ? Double.NEGATIVE_INFINITY : measure.applyAsDouble(quality);
    }

    private static String describe(List<ErrorVersusReject.Point> curve) {
        return curve.stream().map(p -> String.format(Locale.ROOT, "%.0f%%: %s", 100 * p.rejected(), Figures.percent(p.fnmr())))
                .collect(Collectors.joining(", "));
    }

    private static Map<String, ToDoubleFunction<FaceQuality>> measures() {
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
}
