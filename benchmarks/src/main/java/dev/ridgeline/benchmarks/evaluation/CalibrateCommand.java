package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.benchmarks.Folders;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.mcc.CylinderMatcher;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Derives a modality's threshold table (see {@link CalibrationTable}) from impostor scores: for
 * fingerprints, one impression of each of N generated fingers, every pair compared; for faces,
 * every cross-identity pair of a folder of people's photos, scored as the service scores them (a
 * float32 probe against a stored int8 template).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Derive a threshold table (FMR 1e-2 .. 1e-6) from impostor scores, or with --check measure",
            "the false matches a table lets through on other impostors.",
            "finger: generated fingers; face: every cross-identity pair of --dataset (one folder per person).",
            "With --check the last line printed is RESULT key=value ... for machines."})
public final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--modality", defaultValue = "finger", description = "finger or face (default: ${DEFAULT-VALUE}).")
    ModalityOption modality;

    @Option(names = "--fingers", defaultValue = "2000", description = "Generated fingers (default: ${DEFAULT-VALUE}).")
    int fingers;

    @Option(names = "--seed", defaultValue = "1111", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    enum FingerMatcher { SOURCEAFIS, MCC }

    @Option(names = "--matcher", defaultValue = "sourceafis",
            description = "Fingers: sourceafis, or mcc (Minutia Cylinder-Code with LSSR, from SourceAFIS's minutiae)"
                    + " (default: ${DEFAULT-VALUE}).")
    FingerMatcher matcher;

    @Option(names = "--dataset", description = "Faces: folder with one sub-folder of photos per person.")
    Path dataset;

    @Option(names = "--half", defaultValue = "0",
            description = "Faces: use every other person only, 1 or 2 (default: all). Calibrate on one half, --check on the other.")
    int half;

    @Option(names = "--out", description = "Calibration table to write (properties).")
    Path out;

    @Option(names = "--check", paramLabel = "TABLE",
            description = "Instead of writing a table, count the impostors at or above each threshold of TABLE"
                    + " (a file, or 'shipped' for the table this build decides with) and compare with the expected count.")
    String check;

    @Override
    public Integer call() throws Exception {
        if ((out == null) == (check == null)) {
            System.err.println("give --out FILE to write a table, or --check TABLE to check one");
            return 2;
        }
        double[] impostors = modality == ModalityOption.FINGER ? fingerprintImpostors() : faceImpostors();
        if (check != null) {
            new CalibrationCheck(table(check), impostors).print(describe());
            return 0;
        }
        List<String> table = new CalibrationTable(ErrorRates.of(new double[0], impostors))
                .lines(header(), version(), modality == ModalityOption.FINGER && matcher == FingerMatcher.SOURCEAFIS ? "%.2f" : "%.4f");
        Files.write(out, table);
        table.forEach(System.out::println);
        return 0;
    }

    /** Set while scoring: what was scored, for the table's header and version. */
    private String impostorSource;
    private String algorithm;

    private double[] fingerprintImpostors() throws IOException {
        Path scratch = Files.createTempDirectory("ridgeline-calibration");
        try {
            new SyntheticFingerprints(seed).writeDataset(scratch, fingers, 1);
            TemplateSet<FingerprintTemplate> templates = TemplateSet.extract(Dataset.load(scratch, Dataset.Layout.FVC),
                    Fingerprints.extractor(SyntheticFingerprints.DPI));
            impostorSource = "every pair of " + fingers + " generated fingers (seed " + seed + ", one impression each), "
                    + templates.failedToEnroll() + " failed to enroll.";
            if (matcher == FingerMatcher.MCC) {
                algorithm = CylinderMatcher.ALGORITHM + "-on-" + FingerprintTemplates.ALGORITHM + "-"
                        + FingerprintTemplates.ALGORITHM_VERSION + "-synthetic";
                return impostors(templates.map(Fingerprints::cylinders),
                        Fingerprints.cylinderScoring(CylinderMatcher.standard()));
            }
            algorithm = FingerprintTemplates.ALGORITHM + "-" + FingerprintTemplates.ALGORITHM_VERSION + "-synthetic";
            return impostors(templates, Fingerprints.SCORING);
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    private double[] faceImpostors() throws IOException {
        if (dataset == null) {
            throw new IllegalArgumentException("faces need --dataset (one folder of photos per person)");
        }
        Dataset people = Dataset.load(dataset, Dataset.Layout.FOLDERS).half(half);
        try (FaceModel model = FaceModels.open()) {
            TemplateSet<FaceVectors> templates = TemplateSet.extract(people, FaceVectors.extractor(model));
            impostorSource = "every pair of photos of different people in " + people.name() + ", "
                    + people.sampleCount() + " photos of " + people.identities().size() + " people ("
                    + templates.failedToEnroll() + " without a detected face),";
            algorithm = model.id() + "-" + model.version() + "-" + people.name();
            return impostors(templates, FaceScoring.SERVICE);
        }
    }

    private List<String> header() {
        return modality == ModalityOption.FINGER
                ? List.of("Ridgeline fingerprint calibration" + (matcher == FingerMatcher.MCC ? " (Minutia Cylinder-Code)" : "")
                                + ": score thresholds per target false-match rate.",
                        "Made by: ./ridgeline calibrate --fingers " + fingers + " --seed " + seed
                                + (matcher == FingerMatcher.MCC ? " --matcher mcc" : "") + " --out FILE",
                        "Impostor scores: " + impostorSource)
                : List.of("Ridgeline face calibration: cosine thresholds per target false-match rate.",
                        "Made by: ./ridgeline calibrate --modality face --dataset " + dataset
                                + (half == 0 ? "" : " --half " + half) + " --out FILE",
                        "Impostor scores: " + impostorSource,
                        "scored as the service scores: one photo's float32 vector against the other's stored int8 template.");
    }

    private String version() {
        return algorithm + "-" + LocalDate.now();
    }

    private String describe() {
        return (modality == ModalityOption.FINGER ? "finger" : "face") + " impostors: " + impostorSource;
    }

    private ThresholdTable table(String name) {
        if (name.equals("shipped")) {
            if (modality == ModalityOption.FACE) {
                return ThresholdTable.face();
            }
            return matcher == FingerMatcher.MCC ? ThresholdTable.cylinders() : ThresholdTable.fingerprint();
        }
        return ThresholdTable.read(Path.of(name));
    }

    private static <T> double[] impostors(TemplateSet<T> templates, Scoring<T> scoring) {
        ComparisonPlan<T> plan = new ComparisonPlan<>(templates);
        return PairScorer.score(plan.templates(), plan.allImpostors(), scoring, "impostor pairs");
    }
}
