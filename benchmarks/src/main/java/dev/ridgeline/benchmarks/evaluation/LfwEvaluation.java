package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.AccuracyReport;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.accuracy.FoldAccuracy;
import dev.ridgeline.engine.face.FaceQuality;
import dev.ridgeline.engine.gallery.SearchMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The LFW verification protocol (Huang et al., UMass TR 07-49): accuracy per held-out fold with
 * the threshold chosen on the other folds, for each {@link FaceScoring}; TAR at FAR and EER over
 * all pairs of the service's scoring. In every pair the first photo is the enrolled (stored) side
 * and the second the live probe.
 *
 * <p>Photos where no face is found: a pair holding one is a wrong decision for accuracy, and for
 * TAR, FAR and EER it scores the lowest cosine, -1, so a matched pair is a false non-match and a
 * mismatched one a correct rejection (the generalised rates of ISO/IEC 19795-1).
 */
final class LfwEvaluation {

    private static final double UNSCORED = -1;

    private final Path root;
    private final Path report;

    LfwEvaluation(Path root, Path report) {
        this.root = root;
        this.report = report;
    }

    void run(TemplateExtractor<FaceVectors> extractor, PhotoVariant variant) throws IOException {
        LfwPairs protocol = LfwPairs.read(root);
        Dataset images = protocol.images(root);
        System.out.printf("dataset %s: %d folds x (%d matched + %d mismatched) pairs, %d photos of %d people%n",
                images.name(), protocol.folds(), protocol.pairsPerClass(), protocol.pairsPerClass(),
                images.sampleCount(), images.identities().size());
        TemplateSet<FaceVectors> templates = TemplateSet.extract(images, extractor);

        boolean[] matched = protocol.matched();
        Map<FaceScoring, double[]> scores = new EnumMap<>(FaceScoring.class);
        Map<FaceScoring, FoldAccuracy> accuracy = new EnumMap<>(FaceScoring.class);
        for (FaceScoring scoring : FaceScoring.values()) {
            scores.put(scoring, pairScores(protocol, templates, scoring));
            accuracy.put(scoring, FoldAccuracy.of(scores.get(scoring), matched, protocol.foldOfEachPair()));
        }
        double[] service = scores.get(FaceScoring.SERVICE);
        double[] genuine = side(service, matched, true);
        double[] impostor = side(service, matched, false);
        ErrorRates rates = ErrorRates.of(genuine, impostor);
        // The protocol's mismatched pairs are too few for FAR 0.1%; every cross-person pair of the same photos is not.
        ComparisonPlan<FaceVectors> plan = new ComparisonPlan<>(templates);
        ErrorRates wide = ErrorRates.of(genuine, PairScorer.score(plan.templates(), plan.allImpostors(),
                FaceScoring.SERVICE, "cross-person pairs"));
        long unscoredPairs = Arrays.stream(service).filter(Double::isNaN).count();
        List<LfwPairs.Pair> matchedPairs = protocol.pairs().stream().filter(LfwPairs.Pair::matched).toList();
        QualityCurves<FaceQuality> quality = new QualityCurves<>(genuine,
                matchedPairs.stream().map(pair -> quality(templates.template(pair.first().file(root)))).toList(),
                matchedPairs.stream().map(pair -> quality(templates.template(pair.second().file(root)))).toList(),
                wide, QualityCurves.FACES);

        FoldAccuracy headline = accuracy.get(FaceScoring.SERVICE);
        Figures figures = new Figures();
        figures.row("dataset", images.name() + " (lfw layout, " + protocol.folds() + " folds)");
        variant.describe(figures, images.sampleCount());
        figures.row("failures to detect", templates.failedToEnroll() + " of " + images.sampleCount() + " photos, "
                + unscoredPairs + " of " + service.length + " pairs");
        figures.row("accuracy (float32 probe vs int8 stored)", meanAndDeviation(headline));
        figures.row("accuracy per fold", perFold(headline));
        figures.row("accuracy (float32 vs float32)", meanAndDeviation(accuracy.get(FaceScoring.FLOAT32)));
        figures.row("accuracy (int8 vs int8)", meanAndDeviation(accuracy.get(FaceScoring.CARD)));
        figures.row("quantization cost (float32 - service)", String.format(Locale.ROOT, "%+.2f points",
                100 * (accuracy.get(FaceScoring.FLOAT32).mean() - headline.mean())));
        figures.row("genuine pairs", Integer.toString(rates.genuineCount()));
        figures.row("impostor pairs (protocol's mismatched)", Integer.toString(rates.impostorCount()));
        figures.rates("", rates);
        figures.row("impostor pairs (every cross-person pair)", Integer.toString(wide.impostorCount()));
        figures.rates("all cross-person: ", wide);
        ClosedSetIdentification.Outcome identification = ClosedSetIdentification.run(templates, FaceScoring.SERVICE);
        figures.row("identification (first photo of each person enrolled)",
                identification.enrolled() + " enrolled, " + identification.probes() + " probes");
        figures.row("rank-1", Figures.percent(identification.rates().rankOne()));
        figures.row("FNIR at FPIR 1%", Figures.percent(identification.rates().fnirAtFpir(1e-2)));
        ShortlistRecall.Outcome shortlist = ShortlistRecall.run(templates);
        figures.row("two-stage: code rank of the mates ranked first, in a million faces (estimated)",
                String.format(Locale.ROOT, "median %.0f, worst %.0f (%d mates); above the FMR 1e-4 score %.3f: worst %.0f (%d)",
                        shortlist.shares()[shortlist.shares().length / 2] * ShortlistRecall.GALLERY,
                        ShortlistRecall.Outcome.worst(shortlist.shares()) * ShortlistRecall.GALLERY,
                        shortlist.shares().length, shortlist.strongThreshold(),
                        ShortlistRecall.Outcome.worst(shortlist.strongShares()) * ShortlistRecall.GALLERY,
                        shortlist.strongShares().length));
        for (int length : new int[] {500, 1000, SearchMode.SHORTLIST_LENGTH, 5000}) {
            figures.row("two-stage: mates a " + length + "-face shortlist keeps in a million",
                    ShortlistRecall.Outcome.kept(shortlist.shares(), length) + " of those ranked first, "
                            + ShortlistRecall.Outcome.kept(shortlist.strongShares(), length) + " of those above FMR 1e-4");
        }
        quality.rows(figures);
        figures.printRows();

        if (report != null) {
            quality.writeChart(report.resolve(QualityCurves.CHART_FILE), "Ridgeline: " + images.name());
            AccuracyReport.write(report, "Ridgeline face accuracy: " + images.name(), rates, genuine, impostor,
                    figures.rows(), List.of(QualityCurves.REPORT_CHART));
            System.out.println("report: " + report.resolve(AccuracyReport.PAGE_FILE));
        }
        figures.standardResult("face", images.name(), rates, identification.rates().rankOne(),
                templates.failedToEnroll());
        figures.result("accuracy", Figures.fraction(headline.mean()));
        figures.result("accuracy_std", Figures.fraction(headline.standardDeviation()));
        figures.result("failures_to_detect", templates.failedToEnroll());
        figures.result("accuracy_float32", Figures.fraction(accuracy.get(FaceScoring.FLOAT32).mean()));
        figures.result("accuracy_quantized", Figures.fraction(headline.mean()));
        figures.result("accuracy_int8_both", Figures.fraction(accuracy.get(FaceScoring.CARD).mean()));
        figures.result("folds", protocol.folds());
        figures.result("shortlist_kept_rank1", Figures.fraction((double) ShortlistRecall.Outcome.kept(
                shortlist.shares(), SearchMode.SHORTLIST_LENGTH) / shortlist.shares().length));
        figures.result("shortlist_kept_rank1_fmr1e4", Figures.fraction((double) ShortlistRecall.Outcome.kept(
                shortlist.strongShares(), SearchMode.SHORTLIST_LENGTH) / shortlist.strongShares().length));
        figures.result("shortlist_worst_rank_1m", Math.round(
                ShortlistRecall.Outcome.worst(shortlist.shares()) * ShortlistRecall.GALLERY));
        variant.results(figures);
        quality.results(figures);
        figures.printResult();
    }

    /** One score per pair in file order; NaN where a photo yielded no face. */
    private double[] pairScores(LfwPairs protocol, TemplateSet<FaceVectors> templates, FaceScoring scoring) {
        return protocol.pairs().stream().mapToDouble(pair -> {
            FaceVectors enrolled = templates.template(pair.first().file(root));
            FaceVectors probe = templates.template(pair.second().file(root));
            return enrolled == null || probe == null ? Double.NaN : scoring.probe(probe).applyAsDouble(enrolled);
        }).toArray();
    }

    private static FaceQuality quality(FaceVectors face) {
        return face == null ? null : face.quality();
    }

    private static double[] side(double[] scores, boolean[] matched, boolean genuine) {
        return IntStream.range(0, scores.length).filter(i -> matched[i] == genuine)
                .mapToDouble(i -> Double.isNaN(scores[i]) ? UNSCORED : scores[i]).toArray();
    }

    private static String meanAndDeviation(FoldAccuracy accuracy) {
        return String.format(Locale.ROOT, "%.2f%% +/- %.2f%%", 100 * accuracy.mean(), 100 * accuracy.standardDeviation());
    }

    private static String perFold(FoldAccuracy accuracy) {
        return accuracy.folds().stream().map(f -> String.format(Locale.ROOT, "%.2f%% (t=%.3f)",
                100 * f.accuracy(), f.threshold())).collect(Collectors.joining(", "));
    }
}
