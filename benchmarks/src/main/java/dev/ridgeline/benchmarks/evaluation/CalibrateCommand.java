package dev.ridgeline.benchmarks.evaluation;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Derives a modality's threshold table (see {@link CalibrationTable}) from impostor scores: for
 * fingerprints, one impression of each of N generated fingers, every pair compared; for faces,
 * every cross-identity pair of a folder of people's photos, scored as the service scores them (a
 * float32 probe against a stored int8 template).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Derive a threshold table (FMR 1e-2 .. 1e-6) from impostor scores.",
            "finger: generated fingers; face: every cross-identity pair of --dataset (one folder per person)."})
public final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--modality", defaultValue = "finger", description = "finger or face (default: ${DEFAULT-VALUE}).")
    ModalityOption modality;

    @Option(names = "--fingers", defaultValue = "2000", description = "Generated fingers (default: ${DEFAULT-VALUE}).")
    int fingers;

    @Option(names = "--seed", defaultValue = "1111", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dataset", description = "Faces: folder with one sub-folder of photos per person.")
    Path dataset;

    @Option(names = "--out", required = true, description = "Calibration table to write (properties).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> table = modality == ModalityOption.FINGER ? fingerprintTable() : faceTable();
        Files.write(out, table);
        table.forEach(System.out::println);
        return 0;
    }

    private List<String> fingerprintTable() throws IOException {
        Path scratch = Files.createTempDirectory("ridgeline-calibration");
        try {
            new SyntheticFingerprints(seed).writeDataset(scratch, fingers, 1);
            TemplateSet<FingerprintTemplate> templates = TemplateSet.extract(Dataset.load(scratch, Dataset.Layout.FVC),
                    Fingerprints.extractor(SyntheticFingerprints.DPI));
            return new CalibrationTable(impostors(templates, Fingerprints.SCORING)).lines(List.of(
                    "Ridgeline fingerprint calibration: score thresholds per target false-match rate.",
                    "Made by: ./ridgeline calibrate --fingers " + fingers + " --seed " + seed + " --out FILE",
                    "Impostor scores: every pair of " + fingers + " generated fingers (one impression each), "
                            + templates.failedToEnroll() + " failed to enroll."),
                    FingerprintTemplates.ALGORITHM + "-" + FingerprintTemplates.ALGORITHM_VERSION + "-synthetic-"
                            + LocalDate.now(), "%.2f");
        } finally {
            deleteTree(scratch);
        }
    }

    private List<String> faceTable() throws IOException {
        if (dataset == null) {
            throw new IllegalArgumentException("face calibration needs --dataset (one folder of photos per person)");
        }
        Dataset people = Dataset.load(dataset, Dataset.Layout.FOLDERS);
        try (FaceModel model = FaceModels.open()) {
            TemplateSet<FaceVectors> templates = TemplateSet.extract(people, FaceVectors.extractor(model));
            return new CalibrationTable(impostors(templates, FaceScoring.SERVICE)).lines(List.of(
                    "Ridgeline face calibration: cosine thresholds per target false-match rate.",
                    "Made by: ./ridgeline calibrate --modality face --dataset " + dataset + " --out FILE",
                    "Impostor scores: every pair of photos of different people in " + people.name() + ", "
                            + people.sampleCount() + " photos of " + people.identities().size() + " people ("
                            + templates.failedToEnroll() + " without a detected face),",
                    "scored as the service scores: one photo's float32 vector against the other's stored int8 template."),
                    model.id() + "-" + model.version() + "-" + people.name() + "-" + LocalDate.now(), "%.4f");
        }
    }

    private static <T> ErrorRates impostors(TemplateSet<T> templates, Scoring<T> scoring) {
        ComparisonPlan<T> plan = new ComparisonPlan<>(templates);
        return ErrorRates.of(new double[0], PairScorer.score(plan.templates(), plan.allImpostors(), scoring,
                "impostor pairs"));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
