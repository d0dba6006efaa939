package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.benchmarks.GeneratedFingerTemplates;
import dev.ridgeline.benchmarks.accuracy.AccuracyReport;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.finger.FingerQuality;
import dev.ridgeline.engine.finger.enhance.Enhancement;
import dev.ridgeline.engine.match.MatcherFusion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {
            "Measure accuracy on a dataset with the standard protocol for its layout, as the service templates it.",
            "fvc: NNN_K.ext files; genuine = every pair of impressions of a finger; impostor = every cross-finger pair"
                    + " (and, reported beside it, the FVC protocol's first-impression pairs).",
            "folders: one folder per identity; genuine = every pair within a folder; impostor = every cross-identity"
                    + " pair, or pairs sampled with a fixed seed above --max-impostors.",
            "Both also run closed-set identification: the first sample of each identity enrolled, the rest probing.",
            "lfw (faces): pairs.txt's folds; mean accuracy over folds with the threshold chosen on the other folds,"
                    + " TAR at FAR and EER over all pairs.",
            "generated (fingers): impression 0 of --gallery-size generated fingers enrolled in an engine gallery;"
                    + " impression 1 of the first --probes of them and of --probes never enrolled search it, two-stage"
                    + " beside exhaustive (rank 1, FNIR at FPIR 1%%, latency, throughput). Templates are cached in"
                    + " --finger-templates (made on first use: about 35 ms of two cores per finger).",
            "generated (faces): capture 0 of --gallery-size synthetic 512-d faces enrolled; a capture of the first"
                    + " --probes of them with a cosine of about 0.4-0.6 to it (hard mates), and of --probes never"
                    + " enrolled, search it, two-stage beside exhaustive: the proof that the first stage loses nothing.",
            "Faces are scored as the service scores them: a float32 probe against a stored int8 template.",
            "The last line printed is RESULT key=value ... for machines."})
public final class EvaluateCommand implements Callable<Integer> {

    enum LayoutOption { FVC, LFW, FOLDERS, GENERATED }

    @Option(names = "--modality", required = true, description = "finger or face.")
    ModalityOption modality;

    @Option(names = "--layout", required = true, description = "fvc, lfw, folders or generated.")
    LayoutOption layout;

    @Option(names = "--dataset", description = "Dataset folder (every layout but generated).")
    Path dataset;

    @Option(names = "--gallery-size", defaultValue = "100000",
            description = "generated: fingers or faces enrolled (default: ${DEFAULT-VALUE}).")
    int gallerySize;

    @Option(names = "--probes", defaultValue = "200",
            description = "generated: mated probes, and as many non-mated (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--search-background", defaultValue = "0", paramLabel = "N",
            description = "Fingers (fvc, folders): also identify each identity's later samples against its first"
                    + " hidden among N generated fingers, two-stage beside exhaustive, and say where the first stage"
                    + " ranked each mate among them (default: off).")
    int searchBackground;

    @Option(names = "--matchers",
            description = {"Fingers (fvc, folders): also score every pair with Minutia Cylinder-Code (LSS, LSSR) and with"
                    + " SourceAFIS and MCC fused through their calibration tables, and with MCC of the minutiae of each"
                    + " Gabor-filtered image as SourceAFIS and as Ridgeline's skeleton extractor find them (alone and"
                    + " fused with SourceAFIS), beside plain SourceAFIS, on the FVC"
                    + " protocol, on multi-impression enrollment (impressions 1-2 enrolled, the others probing) and on"
                    + " two- and four-finger chimeric subjects (FNMR at FMR 1e-4); with the cost of one comparison.",
                "For small sets: at most " + MAX_MATCHER_FINGERS + " fingers."})
    boolean matchers;

    static final int MAX_MATCHER_FINGERS = 50;

    @Option(names = "--finger-templates", paramLabel = "DIR",
            description = "Cache of generated finger templates (default: $RIDGELINE_CACHE/generated-fingers).")
    Path fingerTemplates;

    @Option(names = "--finger-seed", defaultValue = "2026", description = "Seed of the generated fingers (default: ${DEFAULT-VALUE}).")
    long fingerSeed;

    @Option(names = "--dpi", defaultValue = "500", description = "Fingerprint resolution (default: ${DEFAULT-VALUE}).")
    int dpi;

    @Option(names = "--report", description = "Write DET curve, score histograms and an HTML page here.")
    Path report;

    @Option(names = "--max-impostors", defaultValue = "2000000",
            description = "Above this many cross-identity pairs, sample this many instead (default: ${DEFAULT-VALUE}).")
    int maxImpostors;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for sampled impostor pairs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--card-format", paramLabel = "FORMAT",
            description = {"Fingers: score live captures against the templates a card would carry in this record format"
                    + " (iso_19794_2_2005, ansi_378_2004, ansi_378_2009, iso_19794_2_compact_card): each pair's candidate goes through the record,"
                    + " its probe stays as templated from the image.", "Without it, native templates on both sides."})
    CardFormat cardFormat;

    @Option(names = "--crop", defaultValue = "none", paramLabel = "CROP",
            description = "Faces: none, or tight: crop each photo to its detected face box plus 10%% a side before"
                    + " templating (card chip photos, legacy records); a photo with no face found stays whole and is"
                    + " counted (default: ${DEFAULT-VALUE}).")
    PhotoVariant.Crop crop;

    @Option(names = "--light", defaultValue = "normal", paramLabel = "LIGHT",
            description = "Faces: normal, or low: darken each photo (gamma " + PhotoTransforms.LOW_LIGHT_GAMMA
                    + ") and shade it from left to right (brightness down to " + PhotoTransforms.SHADED_EDGE
                    + ") before templating, after any crop (default: ${DEFAULT-VALUE}).")
    PhotoVariant.Light light;

    @Option(names = "--enhance", split = ",", paramLabel = "LEVER",
            description = {"Fingers: also template and score every image with these enhancement levers, each beside plain"
                    + " SourceAFIS on the same pairs, with its FTE and extraction time per image against plain's: "
                    + "gabor, rescale, rescale-outliers, rescale-uniform, rescale-uniform-outliers, rescale-gabor,"
                    + " rescale-outliers-gabor, plain-or-gabor, rescale-outliers-plain-or-gabor, or all. RESULT keys take the lever as prefix"
                    + " (gabor_eer, gabor_fnmr_at_fmr_1e-3, gabor_fte, gabor_ms_per_image, gabor_cost_ratio)."})
    List<String> enhance;

    @Option(names = "--stretch", paramLabel = "WxH",
            description = "Fingers: resize each image to W x H pixels before templating, aspect ignored (as one vendor"
                    + " SDK takes them); the declared dpi is kept.")
    String stretch;

    @Option(names = "--rescale", paramLabel = "F",
            description = "Fingers: scale each image by F on both axes before templating; the declared dpi is kept.")
    Double rescale;

    /** Set from --stretch or --rescale when the modality is finger. */
    private FingerVariant fingerVariant = FingerVariant.NATIVE;
    private List<Enhancement> levers = List.of();

    @Override
    public Integer call() throws Exception {
        if (layout == LayoutOption.LFW && modality != ModalityOption.FACE) {
            System.err.println("the lfw layout is a face protocol: use --modality face");
            return 2;
        }
        if (layout == LayoutOption.GENERATED) {
            if (enhance != null || stretch != null || rescale != null) {
                return usage("--enhance, --stretch and --rescale measure image datasets: use the fvc or folders layout");
            }
            return evaluateGenerated();
        }
        if (dataset == null) {
            return usage("--dataset is required with the " + name(layout) + " layout");
        }
        PhotoVariant variant = new PhotoVariant(crop, light);
        if (modality == ModalityOption.FINGER) {
            if (variant.changesPhotos()) {
                return usage("--crop and --light are for faces");
            }
            if (matchers && cardFormat != null) {
                return usage("--matchers compares matchers on native templates: leave out --card-format");
            }
            try {
                fingerVariant = FingerVariant.of(stretch, rescale);
                levers = levers(enhance);
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
            if (!levers.isEmpty() && cardFormat != null) {
                return usage("--enhance compares levers on native templates: leave out --card-format");
            }
            Dataset samples = load();
            if (matchers && samples.identities().size() > MAX_MATCHER_FINGERS) {
                return usage("--matchers compares every pair and every chimeric subject: at most " + MAX_MATCHER_FINGERS
                        + " fingers, this set has " + samples.identities().size());
            }
            Map<FingerprintTemplate, FingerQuality> qualities = Collections.synchronizedMap(new IdentityHashMap<>());
            return cardFormat == null ? evaluate(samples, Fingerprints.extractor(dpi, fingerVariant, qualities),
                    Fingerprints.SCORING, variant, new QualityCurves.Reading<>(qualities::get, QualityCurves.FINGERS))
                    : evaluate(samples, Fingerprints.cardExtractor(dpi, fingerVariant, cardFormat),
                            Fingerprints.LIVE_AGAINST_CARD, variant, null);
        }
        if (matchers) {
            return usage("--matchers is for fingerprints");
        }
        if (enhance != null || stretch != null || rescale != null) {
            return usage("--enhance, --stretch and --rescale are for fingerprints");
        }
        if (cardFormat != null) {
            System.err.println("--card-format is for fingerprints: standard minutiae records hold no faces");
            return 2;
        }
        try (FaceModel model = FaceModels.open()) {
            System.out.printf("face model %s %s (%d-d)%n", model.id(), model.version(), model.dimension());
            TemplateExtractor<FaceVectors> extractor = variant.around(model, FaceVectors.extractor(model));
            if (layout == LayoutOption.LFW) {
                new LfwEvaluation(dataset, report).run(extractor, variant);
                return 0;
            }
            return evaluate(load(), extractor, FaceScoring.SERVICE, variant,
                    new QualityCurves.Reading<>(FaceVectors::quality, QualityCurves.FACES));
        }
    }

    /** The levers --enhance names: {@code all} is every one; none (plain) is always measured and left out. */
    static List<Enhancement> levers(List<String> names) {
        if (names == null) {
            return List.of();
        }
        if (names.contains("all")) {
            return Arrays.stream(Enhancement.values()).filter(lever -> lever != Enhancement.NONE).toList();
        }
        return names.stream().map(Enhancement::parse).filter(lever -> lever != Enhancement.NONE).distinct().toList();
    }

    /** A finger evaluation's templates (without --card-format they are plain SourceAFIS templates). */
    @SuppressWarnings("unchecked")
    private static TemplateSet<FingerprintTemplate> asFingers(TemplateSet<?> templates) {
        return (TemplateSet<FingerprintTemplate>) templates;
    }

    private static int usage(String message) {
        System.err.println(message);
        return 2;
    }

    private FingerSearchEvaluation fingerSearch() {
        return new FingerSearchEvaluation(new GeneratedFingerTemplates(
                fingerTemplates != null ? fingerTemplates : GeneratedFingerTemplates.defaultDirectory(), fingerSeed));
    }

    /** The generated layout: identification at scale, two-stage beside exhaustive. */
    private int evaluateGenerated() {
        if (gallerySize < 1 || probes < 1) {
            return usage("--gallery-size and --probes must be positive");
        }
        Figures figures = new Figures();
        SearchModeComparison.Outcome outcome;
        String name;
        if (modality == ModalityOption.FINGER) {
            outcome = fingerSearch().generated(gallerySize, probes);
            name = "generated-seed" + fingerSeed;
            figures.row("dataset", name + " (" + gallerySize + " fingers enrolled, impression 0)");
            figures.row("probes", outcome.matedProbes() + " mated, " + outcome.twoStage().rates().nonMatedCount()
                    + " non-mated (impression 1)");
        } else {
            FaceSearchEvaluation.Outcome faces = FaceSearchEvaluation.generated(gallerySize, probes);
            outcome = faces.comparison();
            name = "synthetic-faces";
            figures.row("dataset", name + " (" + gallerySize + " 512-d faces enrolled)");
            figures.row("probes", String.format("%d mated (cosine with the mate p5 / p50 / p95: %.2f / %.2f / %.2f),"
                    + " %d non-mated", outcome.matedProbes(), faces.mateCosinePercentile(5),
                    faces.mateCosinePercentile(50), faces.mateCosinePercentile(95),
                    outcome.twoStage().rates().nonMatedCount()));
        }
        figures.result("modality", modality == ModalityOption.FINGER ? "finger" : "face");
        figures.result("dataset", name);
        figures.result("gallery", gallerySize);
        figures.result("mated_probes", outcome.matedProbes());
        figures.result("nonmated_probes", outcome.twoStage().rates().nonMatedCount());
        SearchModeComparison.rows(outcome, figures);
        SearchModeComparison.results(outcome, figures);
        figures.printRows();
        figures.printResult();
        return 0;
    }

    private Dataset load() throws IOException {
        Dataset samples = Dataset.load(dataset, layout == LayoutOption.FVC ? Dataset.Layout.FVC : Dataset.Layout.FOLDERS);
        System.out.printf("dataset %s: %d identities, %d samples, %s layout%s%n", samples.name(),
                samples.identities().size(), samples.sampleCount(), name(layout),
                modality == ModalityOption.FINGER ? ", " + dpi + " dpi" : "");
        return samples;
    }

    /**
     * Verification over all pairs and closed-set identification, for either modality; with
     * {@code qualityReading}, the quality score's error-versus-reject curve too.
     */
    private <T> int evaluate(Dataset samples, TemplateExtractor<T> extractor, Scoring<T> scoring, PhotoVariant variant,
                             QualityCurves.Reading<T, ?> qualityReading) throws IOException {
        TemplateSet<T> templates = TemplateSet.extract(samples, extractor);
        ComparisonPlan<T> plan = new ComparisonPlan<>(templates);
        int[][] genuinePairs = plan.genuine();
        double[] genuine = PairScorer.score(plan.templates(), genuinePairs, scoring, "genuine pairs");
        boolean sampled = plan.crossIdentityPairs() > maxImpostors;
        double[] impostor = PairScorer.score(plan.templates(),
                sampled ? plan.sampledImpostors(maxImpostors, seed) : plan.allImpostors(), scoring, "impostor pairs");
        ErrorRates rates = ErrorRates.of(genuine, impostor);
        ClosedSetIdentification.Outcome identification = ClosedSetIdentification.run(templates, scoring);

        Figures figures = new Figures();
        figures.row("dataset", samples.name() + " (" + name(layout) + " layout)");
        if (cardFormat != null) {
            figures.row("comparisons", "live image template against a " + cardFormat + " record (card)");
        }
        variant.describe(figures, samples.sampleCount());
        fingerVariant.describe(figures);
        figures.row(modality == ModalityOption.FACE ? "failures to enroll (no face found)" : "failures to enroll",
                Integer.toString(templates.failedToEnroll()));
        figures.row("genuine comparisons", Integer.toString(rates.genuineCount()));
        figures.row("impostor comparisons", rates.impostorCount()
                + (sampled ? " (sampled, seed " + seed + ")" : " (every cross-identity pair)"));
        figures.rates("", rates);
        if (layout == LayoutOption.FVC) {
            ErrorRates fvc = ErrorRates.of(genuine,
                    PairScorer.score(plan.templates(), plan.firstSampleImpostors(), scoring, "FVC impostor pairs"));
            figures.row("FVC protocol impostors (first impressions)", Integer.toString(fvc.impostorCount()));
            figures.rates("FVC protocol ", fvc);
        }
        figures.row("identification", identification.enrolled() + " enrolled, " + identification.probes() + " probes");
        figures.row("rank-1", Figures.percent(identification.rates().rankOne()));
        figures.row("FNIR at FPIR 1%", Figures.percent(identification.rates().fnirAtFpir(1e-2)));
        FingerSearchEvaluation.BackgroundOutcome background = searchBackground > 0
                && modality == ModalityOption.FINGER && cardFormat == null
                ? fingerSearch().withBackground(asFingers(templates), searchBackground) : null;
        if (background != null) {
            figures.row("identification among " + searchBackground + " generated fingers",
                    background.search().matedProbes() + " probes");
            SearchModeComparison.rows(background.search(), figures);
            background.positions().rows(figures);
            background.missedMateRows(figures);
        }
        List<AccuracyReport.ChartFile> charts = new ArrayList<>();
        Figures matcherFigures = matchers ? compareMatchers(asFingers(templates), samples.name(), report) : null;
        if (matcherFigures != null) {
            matcherFigures.rows().forEach(figures::row);
            if (report != null) {
                charts.add(new AccuracyReport.ChartFile(MatcherComparison.DET_FILE, "DET curves of every matcher"));
            }
        }
        QualityCurves<?> quality = qualityReading == null ? null
                : QualityCurves.ofPairs(plan.templates(), genuinePairs, qualityReading, genuine, rates);
        if (quality != null) {
            quality.rows(figures);
            if (report != null) {
                Path chart = report.resolve(QualityCurves.CHART_FILE);
                quality.writeChart(chart, "Ridgeline: " + samples.name());
                figures.row("error-versus-reject curves", chart.toString());
                charts.add(QualityCurves.REPORT_CHART);
            }
        }
        Figures enhanced = levers.isEmpty() ? null
                : new EnhancementComparison(dpi, fingerVariant, maxImpostors, seed).compare(samples, levers, rates,
                        report == null ? null : report.resolve(EnhancementComparison.DET_FILE));
        if (enhanced != null) {
            enhanced.rows().forEach(figures::row);
            if (report != null) {
                charts.add(new AccuracyReport.ChartFile(EnhancementComparison.DET_FILE,
                        "DET curves of plain SourceAFIS and every enhancement lever"));
            }
        }
        figures.printRows();

        if (report != null) {
            AccuracyReport.write(report, "Ridgeline accuracy: " + samples.name(), rates, genuine, impostor, figures.rows(),
                    charts);
            System.out.println("report: " + report.resolve(AccuracyReport.PAGE_FILE));
        }
        figures.standardResult(name(modality), samples.name(), rates, identification.rates().rankOne(),
                templates.failedToEnroll());
        if (cardFormat != null) {
            figures.result("card_format", name(cardFormat));
        }
        variant.results(figures);
        fingerVariant.results(figures);
        if (matcherFigures != null) {
            figures.results(matcherFigures);
        }
        if (quality != null) {
            quality.results(figures);
        }
        if (enhanced != null) {
            figures.results(enhanced);
        }
        if (background != null) {
            figures.result("background", searchBackground);
            SearchModeComparison.results(background.search(), figures);
            background.positions().results(figures);
        }
        figures.printResult();
        return 0;
    }

    /**
     * Fingers: SourceAFIS beside Minutia Cylinder-Code (of the plain and of the filtered image's
     * minutiae) and their fusions, on the FVC protocol, with multi-impression enrollment and on
     * two-finger chimeric subjects.
     */
    private Figures compareMatchers(TemplateSet<FingerprintTemplate> templates, String name, Path report)
            throws IOException {
        FingerScores scores = FingerScores.of(templates, Fingerprints.filteredCylinders(dpi, fingerVariant, templates),
                MatcherFusion.shipped());
        Figures figures = new Figures();
        if (report != null) {
            Path det = report.resolve(MatcherComparison.DET_FILE);
            MatcherComparison.writeDet(scores, det, "Ridgeline: " + name);
            figures.row("DET curves of every matcher", det.toString());
        }
        MatcherComparison.report(scores, figures);
        MultiImpressionProtocol.report(scores, figures);
        ChimericFingersProtocol.report(scores, figures);
        return figures;
    }

    private static String name(Enum<?> option) {
        return option.name().toLowerCase(Locale.ROOT);
    }
}
