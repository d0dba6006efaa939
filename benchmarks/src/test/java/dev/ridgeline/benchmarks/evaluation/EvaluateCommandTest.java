package dev.ridgeline.benchmarks.evaluation;

import static dev.ridgeline.benchmarks.ToolRuns.lastResult;
import static dev.ridgeline.benchmarks.ToolRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.benchmarks.RidgelineTools;
import dev.ridgeline.engine.finger.enhance.Enhancement;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ridgeline evaluate} end to end on generated fingerprints. */
class EvaluateCommandTest {

    private static final int FINGERS = 24;
    private static final int IMPRESSIONS = 3;

    @TempDir
    static Path work;

    @BeforeAll
    static void generateDataset() throws Exception {
        new SyntheticFingerprints(31).writeDataset(work.resolve("synthetic-fvc"), FINGERS, IMPRESSIONS);
    }

    @Test
    void fvcLayoutPrintsTheResultLineAndWritesTheReport() throws Exception {
        Path report = work.resolve("report");

        Map<String, String> result = lastResult(run("evaluate", "--modality", "finger", "--layout", "fvc",
                "--dataset", work.resolve("synthetic-fvc").toString(), "--report", report.toString()));

        assertThat(result.keySet()).containsExactly("modality", "dataset", "eer", "fmr100", "fmr1000", "zerofmr",
                "tar_at_far_1e-2", "tar_at_far_1e-3", "rank1", "fte", "genuine", "impostor", "evr_threshold",
                "evr_fnmr_r0", "evr_fnmr_r1", "evr_fnmr_r2", "evr_fnmr_r5", "evr_fnmr_r10", "evr_fnmr_r20");
        // The error-versus-reject curve starts at FNMR at FMR 0.1%, with nothing set aside.
        assertThat(result.get("evr_fnmr_r0")).isEqualTo(result.get("fmr1000"));
        for (String share : List.of("r1", "r2", "r5", "r10", "r20")) {
            assertThat(Double.parseDouble(result.get("evr_fnmr_" + share))).isBetween(0.0, 1.0);
        }
        assertThat(result).containsEntry("modality", "finger").containsEntry("dataset", "synthetic-fvc")
                .containsEntry("fte", "0");
        int samples = FINGERS * IMPRESSIONS;
        assertThat(Integer.parseInt(result.get("genuine"))).isEqualTo(FINGERS * IMPRESSIONS * (IMPRESSIONS - 1) / 2);
        assertThat(Integer.parseInt(result.get("impostor")))
                .isEqualTo(samples * (samples - 1) / 2 - FINGERS * IMPRESSIONS * (IMPRESSIONS - 1) / 2);
        // Generated fingers separate well: the rates must say so, not just parse.
        assertThat(Double.parseDouble(result.get("eer"))).isBetween(0.0, 0.10);
        assertThat(Double.parseDouble(result.get("rank1"))).isGreaterThan(0.85);
        assertThat(Double.parseDouble(result.get("tar_at_far_1e-2"))).isGreaterThan(0.85);
        for (String file : List.of("index.html", "det.png", "scores.png", "error-versus-reject.png")) {
            assertThat(report.resolve(file)).isNotEmptyFile();
        }
        assertThat(Files.readString(report.resolve("index.html"))).contains("EER", "rank-1", "src=\"error-versus-reject.png\"");
    }

    @Test
    void matchersCompareSourceAfisWithCylinderCodesAndRunTheMultiSampleProtocols() throws Exception {
        Path report = work.resolve("matchers-report");
        Map<String, String> result = lastResult(run("evaluate", "--modality", "finger", "--layout", "fvc",
                "--dataset", work.resolve("synthetic-fvc").toString(), "--matchers", "--report", report.toString()));

        assertThat(report.resolve("det-matchers.png")).isNotEmptyFile();
        assertThat(Files.readString(report.resolve("index.html"))).contains("src=\"det-matchers.png\"");
        // The matrix every matcher reads holds the plain run's own SourceAFIS scores.
        assertThat(result.get("sourceafis_eer")).isEqualTo(result.get("eer"));
        assertThat(result.get("sourceafis_fnmr_at_fmr_1e-3")).isEqualTo(result.get("fmr1000"));
        // Cylinder codes of SourceAFIS's minutiae separate generated mates from strangers on their own.
        assertThat(Double.parseDouble(result.get("mcc_lssr_eer"))).isLessThan(0.10);
        assertThat(Double.parseDouble(result.get("fused_eer"))).isLessThan(0.10);
        // The same on the minutiae of the Gabor-filtered images, as SourceAFIS and as Ridgeline's
        // skeleton extractor find them, alone and fused with plain SourceAFIS.
        for (String matcher : List.of("mcc_filtered", "fused_filtered", "mcc_skeleton", "fused_skeleton",
                "mcc_skeleton_natural", "fused_skeleton_natural")) {
            assertThat(Double.parseDouble(result.get(matcher + "_eer"))).as(matcher).isLessThan(0.10);
        }
        assertThat(result).containsKeys("fused_skeleton_observed_fmr_at_1e-3", "multi_fused_skeleton_eer");
        assertThat(Double.parseDouble(result.get("mcc_us_per_comparison"))).isPositive();
        assertThat(Double.parseDouble(result.get("sourceafis_us_per_comparison"))).isPositive();
        // Multi-impression: two impressions enrolled, the third probing every finger.
        assertThat(Double.parseDouble(result.get("multi_sourceafis_eer"))).isLessThan(0.10);
        // Chimeric subjects: every ordered pair of distinct fingers, three impressions each.
        int subjects = FINGERS * (FINGERS - 1);
        assertThat(Integer.parseInt(result.get("chimeric_genuine"))).isEqualTo(subjects * 3);
        assertThat(Integer.parseInt(result.get("chimeric_impostor")))
                .isEqualTo(subjects * (FINGERS - 2) * (FINGERS - 3) * IMPRESSIONS * IMPRESSIONS);
        // A second finger can only help: never more false non-matches than one finger at the same FMR.
        for (String matcher : List.of("sourceafis", "mcc_lssr", "fused", "mcc_filtered", "fused_filtered", "mcc_skeleton",
                "fused_skeleton", "mcc_skeleton_natural", "fused_skeleton_natural")) {
            assertThat(Double.parseDouble(result.get("chimeric_" + matcher + "_2finger_fisher_fnmr_at_fmr_1e-4")))
                    .as(matcher).isLessThanOrEqualTo(Double.parseDouble(result.get("chimeric_" + matcher + "_1finger_fnmr_at_fmr_1e-4")));
        }
        // Four fingers: sampled subjects; the service's rule (Fisher on calibrated probabilities)
        // lets through no more than twice its target among two million impostor comparisons.
        assertThat(result.get("chimeric_4finger_genuine")).isEqualTo("50000");
        assertThat(result.get("chimeric_4finger_impostor")).isEqualTo("2000000");
        assertThat(Double.parseDouble(result.get("chimeric_sourceafis_4finger_fisher_observed_fmr_at_1e-4")))
                .isLessThanOrEqualTo(2e-4);
        assertThat(Double.parseDouble(result.get("chimeric_sourceafis_4finger_fisher_fnmr_at_fmr_1e-4")))
                .isLessThanOrEqualTo(Double.parseDouble(result.get("chimeric_sourceafis_2finger_fisher_fnmr_at_fmr_1e-4")));
    }

    @Test
    void matchersAreForFingers() {
        assertThat(RidgelineTools.commandLine().execute("evaluate", "--modality", "face", "--layout", "folders",
                "--dataset", work.toString(), "--matchers")).isEqualTo(2);
    }

    private static final String[] GENERATED_KEYS = {"modality", "dataset", "gallery", "mated_probes",
        "nonmated_probes", "same_rank1", "rank1_two_stage", "rank1_exhaustive", "fnir_fpir1_two_stage",
        "fnir_fpir1_exhaustive", "p50_ms_two_stage", "p50_ms_exhaustive", "speedup", "rank1_lost_two_stage"};

    /** Past 256 fingers a shard, so both shards run the first stage (two shards on this machine's two cores or more). */
    private static final String GENERATED_GALLERY = "600";

    @Test
    void generatedLayoutComparesTwoStageWithExhaustive() {
        Map<String, String> result = lastResult(run("evaluate", "--modality", "finger", "--layout", "generated",
                "--gallery-size", GENERATED_GALLERY, "--probes", "12", "--finger-seed", "77",
                "--finger-templates", work.resolve("generated-fingers").toString()));

        assertThat(result.keySet()).containsExactly(GENERATED_KEYS);
        assertThat(result).containsEntry("gallery", GENERATED_GALLERY).containsEntry("dataset", "generated-seed77");
        assertThat(Integer.parseInt(result.get("mated_probes"))).isBetween(10, 12);
        assertThat(Double.parseDouble(result.get("rank1_exhaustive"))).isGreaterThan(0.75);
        assertThat(result.get("rank1_two_stage")).isEqualTo(result.get("rank1_exhaustive"));
        assertThat(result).containsEntry("rank1_lost_two_stage", "0");
        assertThat(Double.parseDouble(result.get("speedup"))).isPositive();
    }

    @Test
    void generatedFacesCompareTwoStageWithExhaustiveOnHardMates() {
        // 10,000 faces: past the 2,048 a shard below which every face is scored.
        Map<String, String> result = lastResult(run("evaluate", "--modality", "face", "--layout", "generated",
                "--gallery-size", "10000", "--probes", "20"));

        assertThat(result.keySet()).containsExactly(GENERATED_KEYS);
        assertThat(result).containsEntry("modality", "face").containsEntry("dataset", "synthetic-faces")
                .containsEntry("mated_probes", "20").containsEntry("nonmated_probes", "20")
                .containsEntry("same_rank1", "20");
        assertThat(result.get("rank1_two_stage")).isEqualTo(result.get("rank1_exhaustive"));
        assertThat(result.get("fnir_fpir1_two_stage")).isEqualTo(result.get("fnir_fpir1_exhaustive"));
    }

    @Test
    void fvcLayoutCanHideItsMatesAmongGeneratedFingers() {
        Map<String, String> result = lastResult(run("evaluate", "--modality", "finger", "--layout", "fvc",
                "--dataset", work.resolve("synthetic-fvc").toString(), "--search-background", GENERATED_GALLERY,
                "--finger-seed", "77", "--finger-templates", work.resolve("generated-fingers").toString()));

        assertThat(result).containsEntry("background", GENERATED_GALLERY).doesNotContainKey("fnir_fpir1_two_stage");
        assertThat(Double.parseDouble(result.get("rank1_two_stage"))).isGreaterThan(0.8);
        assertThat(result.get("rank1_two_stage")).isEqualTo(result.get("rank1_exhaustive"));
        assertThat(result).containsEntry("rank1_lost_two_stage", "0");
        // Where the first stage put each mate: generated mates mostly within the shortlist share.
        int probes = FINGERS * (IMPRESSIONS - 1);
        assertThat(Integer.parseInt(result.get("first_stage_kept_cells"))).isBetween(probes * 8 / 10, probes);
        assertThat(Integer.parseInt(result.get("first_stage_kept_two_pass"))).isBetween(probes * 8 / 10, probes);
    }

    @Test
    void liveCapturesAgainstIsoCardRecordsKeepTheNativeAccuracyClose() throws Exception {
        String dataset = work.resolve("synthetic-fvc").toString();
        Map<String, String> nativeResult = lastResult(run("evaluate", "--modality", "finger", "--layout", "fvc",
                "--dataset", dataset));
        Map<String, String> card = lastResult(run("evaluate", "--modality", "finger", "--layout", "fvc",
                "--dataset", dataset, "--card-format", "iso_19794_2_2005"));

        assertThat(card).containsEntry("card_format", "iso_19794_2_2005").containsEntry("genuine", nativeResult.get("genuine"));
        assertThat(nativeResult).doesNotContainKey("card_format");
        assertThat(Double.parseDouble(card.get("eer"))).isCloseTo(Double.parseDouble(nativeResult.get("eer")), within(0.05));
        assertThat(Double.parseDouble(card.get("rank1"))).isGreaterThan(0.8);
    }

    @Test
    void foldersLayoutSamplesImpostorsWithAFixedSeed() throws Exception {
        Path folders = work.resolve("synthetic-folders");
        for (int finger = 1; finger <= 8; finger++) {
            Path identity = Files.createDirectories(folders.resolve(String.format("person_%02d", finger)));
            for (int impression = 1; impression <= IMPRESSIONS; impression++) {
                String name = String.format("%03d_%d.png", finger, impression);
                Files.copy(work.resolve("synthetic-fvc").resolve(name), identity.resolve(name));
            }
        }
        String[] args = {"evaluate", "--modality", "finger", "--layout", "folders", "--dataset", folders.toString(),
            "--max-impostors", "100", "--seed", "5"};

        Map<String, String> first = lastResult(run(args));
        Map<String, String> second = lastResult(run(args));

        assertThat(first).containsEntry("impostor", "100").containsEntry("genuine", Integer.toString(8 * 3));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void everyEnhancementLeverIsScoredBesidePlainOnStretchedCaptures() {
        Map<String, String> result = lastResult(run("evaluate", "--modality", "finger", "--layout", "fvc",
                "--dataset", work.resolve("synthetic-fvc").toString(), "--enhance", "all", "--stretch", "300x400"));

        // The plain keys come first, as without --enhance; the variant names itself.
        assertThat(List.copyOf(result.keySet()).subList(0, 12)).containsExactly("modality", "dataset", "eer", "fmr100",
                "fmr1000", "zerofmr", "tar_at_far_1e-2", "tar_at_far_1e-3", "rank1", "fte", "genuine", "impostor");
        assertThat(result).containsEntry("stretch", "300x400");
        assertThat(Double.parseDouble(result.get("plain_ms_per_image"))).isPositive();
        for (Enhancement lever : EvaluateCommand.levers(List.of("all"))) {
            String prefix = EnhancementComparison.key(lever);
            assertThat(Double.parseDouble(result.get(prefix + "_eer"))).as(prefix).isBetween(0.0, 0.15);
            assertThat(Double.parseDouble(result.get(prefix + "_fnmr_at_fmr_1e-3"))).as(prefix).isBetween(0.0, 1.0);
            assertThat(result.get(prefix + "_fte")).as(prefix).isEqualTo("0");
            assertThat(Double.parseDouble(result.get(prefix + "_ms_per_image"))).as(prefix).isPositive();
            assertThat(Double.parseDouble(result.get(prefix + "_cost_ratio"))).as(prefix).isPositive();
        }
        // 384x448 generated prints squeezed to 300x400: x by 0.78, y by 0.89, so ridges across y
        // are 1.14 times as far apart as ridges across x, and the period measurement sees it.
        assertThat(Double.parseDouble(result.get("ridge_aspect_p50"))).isCloseTo((400.0 / 448) / (300.0 / 384),
                within(0.08));
        // Two templates per capture cost at least both extractions.
        assertThat(Double.parseDouble(result.get("plain_or_gabor_cost_ratio")))
                .isGreaterThan(Double.parseDouble(result.get("gabor_cost_ratio")));
    }

    @Test
    void rescaledCapturesAreSeenAsOutliers() {
        Map<String, String> result = lastResult(run("evaluate", "--modality", "finger", "--layout", "fvc",
                "--dataset", work.resolve("synthetic-fvc").toString(), "--enhance", "rescale-outliers",
                "--rescale", "0.65", "--report", work.resolve("rescaled-report").toString()));

        assertThat(result).containsEntry("rescale", "0.650").doesNotContainKey("gabor_eer");
        // Ridges 8-11 px apart become 5-7 px: every print is outside the natural range, and rescaled.
        assertThat(Double.parseDouble(result.get("period_outliers"))).isGreaterThan(0.9);
        assertThat(Double.parseDouble(result.get("ridge_period_p50"))).isBetween(4.5, 7.5);
        assertThat(Double.parseDouble(result.get("rescale_outliers_eer"))).isLessThanOrEqualTo(
                Double.parseDouble(result.get("eer")));
        assertThat(work.resolve("rescaled-report").resolve(EnhancementComparison.DET_FILE)).isNotEmptyFile();
    }

    @Test
    void enhancementOptionsAreCheckedBeforeAnyWork() {
        String dataset = work.resolve("synthetic-fvc").toString();
        for (String[] options : List.of(new String[] {"--stretch", "300"}, new String[] {"--stretch", "300x400",
            "--rescale", "0.75"}, new String[] {"--enhance", "sharpen"}, new String[] {"--rescale", "0"},
            new String[] {"--enhance", "gabor", "--card-format", "iso_19794_2_2005"})) {
            List<String> args = new ArrayList<>(List.of("evaluate", "--modality", "finger", "--layout", "fvc",
                    "--dataset", dataset));
            args.addAll(List.of(options));
            assertThat(RidgelineTools.commandLine().execute(args.toArray(String[]::new))).as(String.join(" ", options))
                    .isEqualTo(2);
        }
        assertThat(RidgelineTools.commandLine().execute("evaluate", "--modality", "face", "--layout", "folders",
                "--dataset", work.toString(), "--enhance", "gabor")).isEqualTo(2);
    }
}
