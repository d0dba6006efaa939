package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.AccuracyReport;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
            "folders: one folder per identity; genuine = every pair within a folder; impostor = pairs sampled with a"
                    + " fixed seed.",
            "Both also run closed-set identification: the first sample of each identity enrolled, the rest probing.",
            "The last line printed is RESULT key=value ... for machines."})
public final class EvaluateCommand implements Callable<Integer> {

    enum ModalityOption { FINGER, FACE }

    enum LayoutOption { FVC, LFW, FOLDERS }

    @Option(names = "--modality", required = true, description = "finger or face.")
    ModalityOption modality;

    @Option(names = "--layout", required = true, description = "fvc, lfw or folders.")
    LayoutOption layout;

    @Option(names = "--dataset", required = true, description = "Dataset folder.")
    Path dataset;

    @Option(names = "--dpi", defaultValue = "500", description = "Fingerprint resolution (default: ${DEFAULT-VALUE}).")
    int dpi;

    @Option(names = "--report", description = "Write DET curve, score histograms and an HTML page here.")
    Path report;

    @Option(names = "--max-impostors", defaultValue = "2000000",
            description = "Above this many cross-identity pairs, sample this many instead (default: ${DEFAULT-VALUE}).")
    int maxImpostors;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for sampled impostor pairs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (modality == ModalityOption.FACE || layout == LayoutOption.LFW) {
            System.err.println("face evaluation (and the lfw layout) needs the face pipeline, which this build does not have yet");
            return 2;
        }
        Dataset samples = Dataset.load(dataset, layout == LayoutOption.FVC ? Dataset.Layout.FVC : Dataset.Layout.FOLDERS);
        System.out.printf("dataset %s: %d identities, %d samples, %s layout, %d dpi%n", samples.name(),
                samples.identities().size(), samples.sampleCount(), layout.name().toLowerCase(Locale.ROOT), dpi);

        TemplateSet templates = TemplateSet.extract(samples, dpi);
        ComparisonPlan plan = new ComparisonPlan(templates);
        double[] genuine = PairScorer.score(plan.templates(), plan.genuine(), "genuine pairs");
        boolean sampled = plan.crossIdentityPairs() > maxImpostors;
        double[] impostor = PairScorer.score(plan.templates(),
                sampled ? plan.sampledImpostors(maxImpostors, seed) : plan.allImpostors(), "impostor pairs");
        ErrorRates rates = ErrorRates.of(genuine, impostor);
        ClosedSetIdentification.Outcome identification = ClosedSetIdentification.run(templates);

        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("dataset", samples.name() + " (" + layout.name().toLowerCase(Locale.ROOT) + " layout)");
        figures.put("failures to enroll", Integer.toString(templates.failedToEnroll()));
        figures.put("genuine comparisons", Integer.toString(rates.genuineCount()));
        figures.put("impostor comparisons", rates.impostorCount()
                + (sampled ? " (sampled, seed " + seed + ")" : " (every cross-identity pair)"));
        putRates(figures, "", rates);
        if (layout == LayoutOption.FVC) {
            ErrorRates fvc = ErrorRates.of(genuine,
                    PairScorer.score(plan.templates(), plan.firstSampleImpostors(), "FVC impostor pairs"));
            figures.put("FVC protocol impostors (first impressions)", Integer.toString(fvc.impostorCount()));
            putRates(figures, "FVC protocol ", fvc);
        }
        figures.put("identification", identification.enrolled() + " enrolled, " + identification.probes() + " probes");
        figures.put("rank-1", percent(identification.rates().rankOne()));
        figures.put("FNIR at FPIR 1%", percent(identification.rates().fnirAtFpir(1e-2)));
        figures.forEach((key, value) -> System.out.printf("%-45s %s%n", key, value));

        if (report != null) {
            AccuracyReport.write(report, "Ridgeline accuracy: " + samples.name(), rates, genuine, impostor, figures);
            System.out.println("report: " + report.resolve("index.html"));
        }
        System.out.printf(Locale.ROOT, "RESULT modality=finger dataset=%s eer=%s fmr100=%s fmr1000=%s zerofmr=%s "
                        + "tar_at_far_1e-2=%s tar_at_far_1e-3=%s rank1=%s fte=%d genuine=%d impostor=%d%n",
                samples.name(), fraction(rates.eer()), fraction(rates.fmr100()), fraction(rates.fmr1000()),
                fraction(rates.zeroFmr()), fraction(rates.tarAtFar(1e-2)), fraction(rates.tarAtFar(1e-3)),
                fraction(identification.rates().rankOne()), templates.failedToEnroll(), rates.genuineCount(),
                rates.impostorCount());
        return 0;
    }

    private static void putRates(Map<String, String> figures, String prefix, ErrorRates rates) {
        figures.put(prefix + "EER", percent(rates.eer()));
        figures.put(prefix + "FMR100", percent(rates.fmr100()));
        figures.put(prefix + "FMR1000", percent(rates.fmr1000()));
        figures.put(prefix + "ZeroFMR", percent(rates.zeroFmr()));
        figures.put(prefix + "TAR at FAR 1%", percent(rates.tarAtFar(1e-2)));
        figures.put(prefix + "TAR at FAR 0.1%", percent(rates.tarAtFar(1e-3)));
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * rate);
    }

    private static String fraction(double rate) {
        return Double.isNaN(rate) ? "nan" : String.format(Locale.ROOT, "%.5f", rate);
    }
}
