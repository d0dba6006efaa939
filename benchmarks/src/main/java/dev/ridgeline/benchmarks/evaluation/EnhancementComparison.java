package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.benchmarks.accuracy.DetPlot;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.enhance.Enhancement;
import dev.ridgeline.engine.finger.enhance.PeriodRescale;
import dev.ridgeline.engine.finger.enhance.RidgeSpacing;
import dev.ridgeline.engine.image.GreyImage;
import dev.ridgeline.engine.opencv.OpenCvNative;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import me.tongfei.progressbar.ProgressBar;
import org.opencv.core.Core;

/**
 * Fingers: each image enhancement lever beside plain SourceAFIS in one run. Every lever templates
 * the same images (after any --stretch or --rescale), through the stored envelope with its own
 * algorithm version, and is scored on the same protocol as the plain run: every genuine pair and
 * the same impostor pairs. A lever's cost is its CPU time per image (enhancement, extraction and
 * quality, not decoding) over plain extraction's, measured image by image beside it on one thread.
 */
final class EnhancementComparison {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Images put through every lever before the timing counts. */
    private static final int WARM_UP_IMAGES = 8;

    /** One lever's outcome. */
    record Lever(Enhancement enhancement, ErrorRates rates, int failedToEnroll) {
    }

    private final int dpi;
    private final FingerVariant variant;
    private final int maxImpostors;
    private final long seed;

    EnhancementComparison(int dpi, FingerVariant variant, int maxImpostors, long seed) {
        this.dpi = dpi;
        this.variant = variant;
        this.maxImpostors = maxImpostors;
        this.seed = seed;
    }

    /** The chart of plain's and every lever's DET curve, written beside the report. */
    static final String DET_FILE = "det-enhancement.png";

    /**
     * The levers' rows and RESULT keys, each key prefixed with its lever (rescale_outliers_gabor_eer=...);
     * with {@code det}, a chart of every lever's DET curve beside {@code plain}'s.
     */
    Figures compare(Dataset samples, List<Enhancement> levers, ErrorRates plain, Path det) throws IOException {
        List<Enhancement> timed = new ArrayList<>();
        timed.add(Enhancement.NONE);
        timed.addAll(levers);
        double[] ms = costs(samples, timed);
        Figures figures = new Figures();
        periods(samples, figures);
        figures.row("plain extraction", String.format(Locale.ROOT, "%.1f ms CPU per image", ms[0]));
        figures.result("plain_ms_per_image", millis(ms[0]));
        List<String> curveNames = new ArrayList<>(List.of("plain SourceAFIS"));
        List<ErrorRates> curves = new ArrayList<>(List.of(plain));
        for (int l = 1; l < timed.size(); l++) {
            Enhancement lever = timed.get(l);
            Lever outcome = measure(samples, lever);
            double ratio = ms[l] / ms[0];
            figures.row("enhancement " + lever.id(), String.format(Locale.ROOT,
                    "EER %s, FNMR at FMR 0.1%% %s, FTE %d, %.1f ms CPU per image (%.2fx plain)",
                    Figures.percent(outcome.rates().eer()), Figures.percent(outcome.rates().fmr1000()),
                    outcome.failedToEnroll(), ms[l], ratio));
            String prefix = key(lever);
            figures.result(prefix + "_eer", Figures.fraction(outcome.rates().eer()));
            figures.result(prefix + "_fnmr_at_fmr_1e-3", Figures.fraction(outcome.rates().fmr1000()));
            figures.result(prefix + "_fte", outcome.failedToEnroll());
            figures.result(prefix + "_ms_per_image", millis(ms[l]));
            figures.result(prefix + "_cost_ratio", String.format(Locale.ROOT, "%.3f", ratio));
            curveNames.add(lever.id());
            curves.add(outcome.rates());
        }
        if (det != null) {
            DetPlot.writeComparison(det, "Ridgeline: " + samples.name() + variant.label(), curveNames, curves);
            figures.row("DET curves of plain and every lever", det.toString());
        }
        return figures;
    }

    /**
     * CPU milliseconds per image of each lever, on one thread with OpenCV kept to it: every image
     * goes through every lever in turn, so a busy spell of the machine falls on all of them alike.
     * The first images, once through every lever, warm the JIT and are not counted.
     */
    private double[] costs(Dataset samples, List<Enhancement> levers) {
        OpenCvNative.load();
        Core.setNumThreads(1);
        TemplateExtractor<GreyImage> decoder = Fingerprints.images(variant);
        List<GreyImage> images = samples.identities().stream().flatMap(identity -> identity.samples().stream())
                .map(file -> decoder.extract(read(file))).toList();
        List<Function<GreyImage, List<FingerprintTemplate>>> captures = levers.stream().map(this::capture).toList();
        long[] nanos = new long[levers.size()];
        try (ProgressBar progress = Progress.bar("timing levers", (long) images.size() + WARM_UP_IMAGES)) {
            for (int i = -WARM_UP_IMAGES; i < images.size(); i++) {
                GreyImage image = images.get(Math.floorMod(i, images.size()));
                for (int l = 0; l < levers.size(); l++) {
                    long start = CPU.getCurrentThreadCpuTime();
                    try {
                        captures.get(l).apply(image);
                    } catch (EngineException refused) {
                        // Timed all the same: the service spends it too.
                    }
                    if (i >= 0) {
                        nanos[l] += CPU.getCurrentThreadCpuTime() - start;
                    }
                }
                progress.step();
            }
        }
        return Arrays.stream(nanos).mapToDouble(total -> total / 1e6 / images.size()).toArray();
    }

    /** The RESULT key prefix of a lever: its id with underscores. */
    static String key(Enhancement lever) {
        return lever.id().replace('-', '_');
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The ridge periods the rescale levers see: their spread over the set, the aspect of each
     * print's spacing (1 when its axes agree) and the share of prints outside the natural range.
     */
    private void periods(Dataset samples, Figures figures) {
        TemplateExtractor<GreyImage> images = Fingerprints.images(variant);
        TemplateExtractor<RidgeSpacing.Spacing> measure = encoded -> RidgeSpacing.measure(images.extract(encoded));
        List<RidgeSpacing.Spacing> found = measure.extractAll(samples.identities().stream()
                .flatMap(identity -> identity.samples().stream()).toList()).stream()
                .filter(spacing -> spacing != null && spacing.found()).toList();
        if (found.isEmpty()) {
            return;
        }
        double[] period = found.stream().mapToDouble(RidgeSpacing.Spacing::period).sorted().toArray();
        double[] aspect = found.stream().mapToDouble(spacing -> spacing.periodY() / spacing.periodX()).sorted().toArray();
        double outliers = found.stream().filter(spacing -> PeriodRescale.isOutlier(spacing, dpi)).count()
                / (double) found.size();
        figures.row("ridge period p10 / p50 / p90", String.format(Locale.ROOT, "%.2f / %.2f / %.2f px (natural %.1f)",
                at(period, 0.1), at(period, 0.5), at(period, 0.9), PeriodRescale.naturalPeriod(dpi)));
        figures.row("ridge period aspect (y / x) p10 / p50 / p90", String.format(Locale.ROOT, "%.2f / %.2f / %.2f",
                at(aspect, 0.1), at(aspect, 0.5), at(aspect, 0.9)));
        figures.row("prints outside the natural period range", Figures.percent(outliers));
        figures.result("ridge_period_p50", String.format(Locale.ROOT, "%.2f", at(period, 0.5)));
        figures.result("ridge_aspect_p50", String.format(Locale.ROOT, "%.3f", at(aspect, 0.5)));
        figures.result("period_outliers", Figures.fraction(outliers));
    }

    private static double at(double[] sorted, double share) {
        return sorted[(int) Math.round(share * (sorted.length - 1))];
    }

    private Lever measure(Dataset samples, Enhancement lever) {
        TemplateExtractor<GreyImage> images = Fingerprints.images(variant);
        Function<GreyImage, List<FingerprintTemplate>> capture = capture(lever);
        TemplateSet<List<FingerprintTemplate>> templates = TemplateSet.extract(samples,
                encoded -> capture.apply(images.extract(encoded)));
        ComparisonPlan<List<FingerprintTemplate>> plan = new ComparisonPlan<>(templates);
        double[] genuine = PairScorer.score(plan.templates(), plan.genuine(), BEST_VIEW, lever.id() + ": genuine");
        double[] impostor = PairScorer.score(plan.templates(), plan.crossIdentityPairs() > maxImpostors
                ? plan.sampledImpostors(maxImpostors, seed) : plan.allImpostors(), BEST_VIEW, lever.id() + ": impostor");
        return new Lever(lever, ErrorRates.of(genuine, impostor), templates.failedToEnroll());
    }

    /**
     * A capture's template per view of the lever, through the stored envelope (null where a view
     * was refused); a capture refused by every view is a failure to enroll.
     */
    private Function<GreyImage, List<FingerprintTemplate>> capture(Enhancement lever) {
        List<FingerprintTemplates> views = lever.views().stream()
                .map(view -> new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE, view)).toList();
        return image -> {
            FingerprintTemplate[] made = new FingerprintTemplate[views.size()];
            EngineException refused = null;
            for (int v = 0; v < made.length; v++) {
                try {
                    made[v] = Fingerprints.stored(views.get(v).capture(image, dpi, 0).envelope(), lever.views().get(v));
                } catch (EngineException e) {
                    refused = e;
                }
            }
            if (Arrays.stream(made).allMatch(template -> template == null)) {
                throw refused;
            }
            return Arrays.asList(made);
        };
    }

    /** SourceAFIS on each view both samples have; the better score counts (a single view: plain SourceAFIS). */
    private static final Scoring<List<FingerprintTemplate>> BEST_VIEW = probe -> {
        List<FingerprintMatcher> matchers = probe.stream()
                .map(template -> template == null ? null : new FingerprintMatcher(template)).toList();
        ToDoubleFunction<List<FingerprintTemplate>> best = candidate -> {
            double score = 0;
            for (int v = 0; v < matchers.size(); v++) {
                if (matchers.get(v) != null && candidate.get(v) != null) {
                    score = Math.max(score, matchers.get(v).match(candidate.get(v)));
                }
            }
            return score;
        };
        return best;
    };
}
