package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.opencv.core.Core;

/**
 * Fingers: each image enhancement lever beside plain SourceAFIS in one run. Every lever templates
 * the same images (after any --stretch or --rescale), through the stored envelope with its own
 * algorithm version, and is scored on the same protocol as the plain run: every genuine pair and
 * the same impostor pairs. A lever's cost is its CPU time per image (enhancement, extraction and
 * quality, not decoding) over plain extraction's, timed the same way after a warm-up of both. CPU
 * time of the extracting thread, with OpenCV kept to that thread, so other work on the machine
 * does not move the ratio.
 */
final class EnhancementComparison {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Images templated by every lever, untimed, before any timing starts. */
    private static final int WARM_UP_IMAGES = 8;

    /** One lever's outcome. */
    record Lever(Enhancement enhancement, ErrorRates rates, int failedToEnroll, double msPerImage) {
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

    /** The levers' rows and RESULT keys, each key prefixed with its lever (rescale_outliers_gabor_eer=...). */
    Figures compare(Dataset samples, List<Enhancement> levers) {
        OpenCvNative.load();
        Core.setNumThreads(1);
        warmUp(samples, levers);
        Lever plain = measure(samples, Enhancement.NONE);
        Figures figures = new Figures();
        periods(samples, figures);
        figures.row("plain extraction", String.format(Locale.ROOT, "%.1f ms CPU per image", plain.msPerImage()));
        figures.result("plain_ms_per_image", millis(plain.msPerImage()));
        for (Enhancement lever : levers) {
            Lever outcome = measure(samples, lever);
            double ratio = outcome.msPerImage() / plain.msPerImage();
            figures.row("enhancement " + lever.id(), String.format(Locale.ROOT,
                    "EER %s, FNMR at FMR 0.1%% %s, FTE %d, %.1f ms CPU per image (%.2fx plain)",
                    Figures.percent(outcome.rates().eer()), Figures.percent(outcome.rates().fmr1000()),
                    outcome.failedToEnroll(), outcome.msPerImage(), ratio));
            String prefix = key(lever);
            figures.result(prefix + "_eer", Figures.fraction(outcome.rates().eer()));
            figures.result(prefix + "_fnmr_at_fmr_1e-3", Figures.fraction(outcome.rates().fmr1000()));
            figures.result(prefix + "_fte", outcome.failedToEnroll());
            figures.result(prefix + "_ms_per_image", millis(outcome.msPerImage()));
            figures.result(prefix + "_cost_ratio", String.format(Locale.ROOT, "%.3f", ratio));
        }
        return figures;
    }

    /** The RESULT key prefix of a lever: its id with underscores. */
    static String key(Enhancement lever) {
        return lever.id().replace('-', '_');
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    /** JIT and OpenCV warmed on every lever's code path, so the first lever timed pays no start-up. */
    private void warmUp(Dataset samples, List<Enhancement> levers) {
        List<Enhancement> all = new ArrayList<>(levers);
        all.add(Enhancement.NONE);
        TemplateExtractor<GreyImage> images = Fingerprints.images(variant);
        List<byte[]> encoded = samples.identities().stream().flatMap(identity -> identity.samples().stream())
                .limit(WARM_UP_IMAGES).map(EnhancementComparison::read).toList();
        for (Enhancement lever : all) {
            TemplateExtractor<List<FingerprintTemplate>> extractor = extractor(images, lever, new LongAdder());
            for (byte[] sample : encoded) {
                try {
                    extractor.extract(sample);
                } catch (EngineException refused) {
                    // Only warming up.
                }
            }
        }
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
        LongAdder nanos = new LongAdder();
        TemplateSet<List<FingerprintTemplate>> templates = TemplateSet.extract(samples,
                extractor(Fingerprints.images(variant), lever, nanos));
        ComparisonPlan<List<FingerprintTemplate>> plan = new ComparisonPlan<>(templates);
        String task = lever == Enhancement.NONE ? "plain, timed" : lever.id();
        double[] genuine = PairScorer.score(plan.templates(), plan.genuine(), BEST_VIEW, task + ": genuine");
        double[] impostor = PairScorer.score(plan.templates(), plan.crossIdentityPairs() > maxImpostors
                ? plan.sampledImpostors(maxImpostors, seed) : plan.allImpostors(), BEST_VIEW, task + ": impostor");
        return new Lever(lever, ErrorRates.of(genuine, impostor), templates.failedToEnroll(),
                nanos.sum() / 1e6 / samples.sampleCount());
    }

    /**
     * A sample's template per view of the lever (null where a view was refused), timed into
     * {@code nanos}; a sample refused by every view is a failure to enroll.
     */
    private TemplateExtractor<List<FingerprintTemplate>> extractor(TemplateExtractor<GreyImage> images,
                                                                   Enhancement lever, LongAdder nanos) {
        List<FingerprintTemplates> views = lever.views().stream()
                .map(view -> new FingerprintTemplates(EngineConfig.DEFAULT_MINIMUM_MINUTIAE, view)).toList();
        return encoded -> {
            GreyImage image = images.extract(encoded);
            long start = CPU.getCurrentThreadCpuTime();
            FingerprintTemplate[] made = new FingerprintTemplate[views.size()];
            EngineException refused = null;
            for (int v = 0; v < made.length; v++) {
                try {
                    made[v] = Fingerprints.stored(views.get(v).capture(image, dpi, 0).envelope(), lever.views().get(v));
                } catch (EngineException e) {
                    refused = e;
                }
            }
            nanos.add(CPU.getCurrentThreadCpuTime() - start);
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
