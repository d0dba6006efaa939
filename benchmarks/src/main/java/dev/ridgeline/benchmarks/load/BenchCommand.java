package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.benchmarks.GeneratedFingerTemplates;
import dev.ridgeline.benchmarks.evaluation.Figures;
import dev.ridgeline.benchmarks.evaluation.ModalityOption;
import dev.ridgeline.server.cli.ConnectionOptions;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Booth load generator: fill a gallery, then drive concurrent clients making verify, identify or enroll"
                    + " calls (or a --mix of them, for a soak) for a fixed time, and report throughput, latency"
                    + " percentiles, errors by status code and the service's memory per template.",
            "Instead of clients, --rate sends calls on a fixed schedule (open loop; latency from each call's intended"
                    + " send time) and --burst N sends N calls at once, set against the machine's templating rate.",
            "Without --target it starts the service jar as a separate process with its store in a temporary"
                    + " folder, and measures the heap per template after full GCs.",
            "The last line printed is RESULT key=value ... for machines."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--modality", required = true, description = "finger or face.")
    ModalityOption modality;

    @Option(names = "--operation", description = "verify, identify or enroll (or give --mix).")
    Operation operation;

    @Option(names = "--mix", paramLabel = "OP:WEIGHT,...",
            description = "Mixed load instead of one --operation, e.g. enroll:1,verify:8,identify:2: per-operation"
                    + " figures, and the service's heap after GC sampled every --heap-every.")
    String mixText;

    @Option(names = "--heap-every", defaultValue = "30", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --mix and a service bench started: heap sample interval; 0 for none (default: ${DEFAULT-VALUE} s).")
    double heapEvery;

    @Option(names = "--gallery", required = true, paramLabel = "N", description = "Subjects in the gallery.")
    int gallerySize;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent booth clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Measured window: seconds, or with s, m or h, e.g. 5m (default: ${DEFAULT-VALUE} s).")
    double duration;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "SECONDS",
            description = "Calls before the measured window, left out of every figure (default: ${DEFAULT-VALUE}).")
    double warmUp;

    @Option(names = "--probe", defaultValue = "image",
            description = "image (the service templates every probe) or template (templated once up front)"
                    + " (default: ${DEFAULT-VALUE}).")
    ProbeKind probeKind;

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "A running service to load; without it bench starts one and stops it at the end.")
    String target;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--metrics", paramLabel = "URL",
            description = "The service's Prometheus endpoint (default with --target: http://HOST:9464/metrics);"
                    + " server-side figures are left out when it cannot be read.")
    URI metrics;

    @Option(names = "--gallery-name", description = "Gallery to fill and load (default: bench-MODALITY-PROBE).")
    String galleryName;

    @Option(names = "--finger-pool", defaultValue = "100",
            description = "Distinct generated fingers; a larger gallery holds each of them several times, as"
                    + " distinct rigid variants under distinct ids (default: ${DEFAULT-VALUE}).")
    int fingerPool;

    @Option(names = "--finger-templates", paramLabel = "DIR",
            description = "Cache of generated finger templates, read and added to (default: generated-fingers"
                    + " under $RIDGELINE_CACHE or ~/.cache/ridgeline).")
    Path fingerTemplates = GeneratedFingerTemplates.defaultDirectory();

    @Option(names = "--finger-seed", defaultValue = "2026",
            description = "Seed of the generated fingers and their variants (default: ${DEFAULT-VALUE}).")
    long fingerSeed;

    @Option(names = "--compare-exhaustive", paramLabel = "N", defaultValue = "0",
            description = "With --operation identify: after the measured window, N exhaustive identify calls from"
                    + " one client over the same probes (up to 10 minutes each), and the speedup of the default"
                    + " search over them.")
    int compareExhaustive;

    @Option(names = "--rate", paramLabel = "R[/s]", converter = RateConverter.class,
            description = "Open loop instead of --clients: R calls per second on a fixed schedule, answered or not,"
                    + " each timed from its intended send time.")
    Double rate;

    @Option(names = "--rate-sweep", paramLabel = "R,R,...", split = ",", converter = RateConverter.class,
            description = "Open-loop runs at each rate in turn, --duration each, and a latency-versus-rate table.")
    List<Double> rateSweep;

    @Option(names = "--max-outstanding", defaultValue = "1000", paramLabel = "N",
            description = "Open loop: safety cap on unanswered calls; sends it holds back are counted"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxOutstanding;

    @Option(names = "--bulk-alongside", paramLabel = "STREAMS", defaultValue = "0",
            description = "During the measured window, also enroll fingerprint images through this many BulkEnroll"
                    + " streams at full speed (fresh ids in the bench gallery), to see whether bulk work delays the"
                    + " measured calls; with --operation, not --burst.")
    int bulkAlongside;

    /** The bulk streams beside the measured window, when --bulk-alongside asks for them. */
    private BulkAlongside bulk;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "0",
            description = "After the warm-up, time single calls from one client (the templating rate), then send N"
                    + " calls at once and report how they were answered.")
    int burst;

    @Option(names = "--single-calls", defaultValue = "3", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --burst: how long one client times single calls (default: ${DEFAULT-VALUE} s).")
    double singleCalls;

    @Option(names = "--server-cores", paramLabel = "N",
            description = "With --burst: the service's cores (default: this machine's, right when the service runs here).")
    Integer serverCores;

    @Option(names = "--fill-streams", defaultValue = "4",
            description = "Concurrent BulkEnroll streams filling the gallery (default: ${DEFAULT-VALUE}).")
    int fillStreams;

    @Option(names = "--fill-batch", defaultValue = "500",
            description = "Subjects per BulkEnroll stream (default: ${DEFAULT-VALUE}).")
    int fillBatch;

    @Option(names = "--channels", defaultValue = "1",
            description = "gRPC channels (connections) the clients share round-robin (default: ${DEFAULT-VALUE}).")
    int channelCount;

    @Option(names = "--report", defaultValue = "bench-report",
            description = "Folder for the latency plot, percentile table and service log (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--server-jar", description = "Service jar to start (default: server/target/ridgeline.jar"
            + " beside the benchmarks module).")
    Path serverJar;

    @Option(names = "--server-jvm-arg", paramLabel = "ARG",
            description = "JVM argument for the started service, e.g. -Xmx8g; repeatable.")
    List<String> serverJvmArguments = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "20261128", description = "Seed of the synthetic faces.")
    long seed;

    /** The thread the channels work on and open-loop calls are sent from; made for each run. */
    private ClientEventLoop clientLoop;

    @Override
    public Integer call() throws Exception {
        if (gallerySize < 1 || clients < 1 || duration <= 0 || warmUp < 0 || channelCount < 1 || fingerPool < 1) {
            System.err.println("--gallery, --clients, --duration, --channels and --finger-pool must be positive");
            return 2;
        }
        if ((operation == null) == (mixText == null)) {
            System.err.println("give either --operation or --mix");
            return 2;
        }
        if (compareExhaustive < 0 || compareExhaustive > 0 && operation != Operation.IDENTIFY) {
            System.err.println("--compare-exhaustive takes a number of calls, with --operation identify");
            return 2;
        }
        String modeProblem = modeProblem();
        if (modeProblem != null) {
            System.err.println(modeProblem);
            return 2;
        }
        OperationMix mix;
        try {
            mix = mixText != null ? OperationMix.parse(mixText) : OperationMix.only(operation);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Files.createDirectories(report);
        String gallery = galleryName != null ? galleryName
                : "bench-" + lower(modality) + "-" + lower(probeKind);
        // Face photos are cut before a service starts: fetching the models first lets it find them.
        List<byte[]> portraits = modality == ModalityOption.FACE && probeKind == ProbeKind.IMAGE
                ? BoothPhotos.portraits() : List.of();
        ServerProcess server = target == null
                ? ServerProcess.start(serverJar != null ? serverJar : ServerProcess.defaultJar(), serverJvmArguments,
                        report.resolve("server.log"))
                : null;
        List<ManagedChannel> channels = new ArrayList<>();
        clientLoop = new ClientEventLoop();
        try {
            String address = server != null ? server.target() : target;
            for (int c = 0; c < channelCount; c++) {
                channels.add(clientLoop.configure(connection.channelBuilder(address)).build());
            }
            if (server != null) {
                System.err.println("started the service (pid " + server.pid() + ") on " + address
                        + "; its log is " + report.resolve("server.log"));
                server.awaitServing(channels.getFirst());
            }
            return run(mix, gallery, portraits, channels, server, server != null ? server.metrics() : metricsEndpoint());
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            clientLoop.close();
            if (server != null) {
                server.close();
            }
        }
    }

    private int run(OperationMix mix, String galleryName, List<byte[]> portraits, List<ManagedChannel> channels,
                    ServerProcess server, URI metricsEndpoint) throws Exception {
        ManagedChannel first = channels.getFirst();
        Workload workload = workload(new Extraction(first), portraits);
        System.out.println("workload: " + workload.description());
        BenchGallery gallery = new BenchGallery(first, galleryName);
        gallery.describeOrCreate();
        double measuredBytes = Double.NaN;
        if (gallery.alreadyFilled(gallerySize, workload.probes())) {
            System.out.println("fill: skipped, gallery " + galleryName + " already holds the subjects and mates");
        } else {
            long heapBefore = server != null ? server.heapUsedAfterGc() : 0;
            GalleryFill.Outcome fill = new GalleryFill(first, fillStreams, fillBatch).fill(galleryName, workload, gallerySize);
            System.out.printf(Locale.ROOT, "fill: %d enrolled, %d already present, %d failed in %.1f s (%.1f subjects/s,"
                            + " %d BulkEnroll streams of %d)%n", fill.enrolled(), fill.alreadyPresent(), fill.failed(),
                    fill.seconds(), fill.enrolledPerSecond(), fillStreams, fillBatch);
            if (server != null && fill.enrolled() > 0) {
                measuredBytes = (double) (server.heapUsedAfterGc() - heapBefore) / fill.enrolled();
            }
        }
        GalleryInfo filled = gallery.describe();
        System.out.printf("gallery %s: %d subjects, %d templates, %d shards%n", galleryName, filled.getSubjects(),
                filled.getTemplates(), filled.getShards());

        AtomicLong enrolledDuringRun = new AtomicLong();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        BiFunction<Operation, Integer, BoothCall> calls = (callOperation, client) -> BoothCall.of(callOperation,
                channels.get(client % channels.size()), galleryName, runId, enrolledDuringRun);
        if (warmUp > 0 && !openLoop()) {
            System.err.printf("warming up for %.0f s...%n", warmUp);
            LoadRun.run(clients, mix, calls, workload.probes(), seconds(warmUp));
        }
        if (mixText != null) {
            return soak(mix, filled.getSubjects(), calls, workload, server, measuredBytes);
        }
        if (bulkAlongside > 0) {
            System.err.printf("starting %d bulk enrollment streams beside the measurement...%n", bulkAlongside);
            bulk = BulkAlongside.start(first, galleryName, runId, bulkAlongside, fingerSeed);
        }
        try {
            return measure(galleryName, filled, measuredBytes, channels, calls, workload, metricsEndpoint, server);
        } finally {
            if (bulk != null) {
                bulk.close();
            }
        }
    }

    /** The single-operation modes: closed loop (with --compare-exhaustive), open loop, or a burst. */
    private int measure(String galleryName, GalleryInfo filled, double measuredBytes, List<ManagedChannel> channels,
                        BiFunction<Operation, Integer, BoothCall> calls, Workload workload, URI metricsEndpoint,
                        ServerProcess server) throws Exception {
        ManagedChannel first = channels.getFirst();
        Filled measured = new Filled(galleryName, filled.getSubjects(), measuredBytes);
        if (burst > 0 || openLoop()) {
            // Asynchronous calls need no client each: one call per channel, used in turn.
            List<BoothCall> perChannel = new ArrayList<>();
            for (int c = 0; c < channels.size(); c++) {
                perChannel.add(calls.apply(operation, c));
            }
            return burst > 0 ? burst(measured, calls, perChannel, workload.probes(), metricsEndpoint, server != null)
                    : openLoop(measured, perChannel, workload.probes(), metricsEndpoint);
        }
        Scrape before = Scrape.of(metricsEndpoint);
        System.err.printf("measuring for %.0f s with %d clients...%n", duration, clients);
        LoadRun.Outcome outcome = LoadRun.run(clients, operation, calls, workload.probes(), seconds(duration));
        Scrape after = Scrape.of(metricsEndpoint);
        ExhaustiveComparison comparison = null;
        if (compareExhaustive > 0) {
            System.err.printf("comparing with %d exhaustive identify calls from one client...%n", compareExhaustive);
            comparison = new ExhaustiveComparison(outcome,
                    ExhaustiveComparison.measure(first, galleryName, workload.probes(), compareExhaustive));
        }

        Figures figures = figures(measured, outcome, clients, before, after, clients + " clients");
        if (comparison != null) {
            comparison.addTo(figures);
        }
        print(figures);
        return 0;
    }

    /** Open loop at one rate, or at each rate of a sweep in turn; the RESULT keys are the last rate's. */
    private int openLoop(Filled gallery, List<BoothCall> calls, List<Probe> probes, URI metricsEndpoint)
            throws Exception {
        List<Double> rates = rate != null ? List.of(rate) : rateSweep;
        if (warmUp > 0) {
            // Warmed the way it is measured: asynchronous calls at the first rate, so the JIT has
            // compiled this path (a closed-loop warm-up left it to the first measured step).
            System.err.printf(Locale.ROOT, "warming up for %.0f s at %s calls/s...%n", warmUp,
                    OpenLoopSummary.rate(rates.getFirst()));
            openLoopFor(warmUp, rates.getFirst(), calls, probes);
        }
        List<OpenLoopRun.Outcome> runs = new ArrayList<>();
        Scrape before = null;
        Scrape after = null;
        for (double callsPerSecond : rates) {
            System.err.printf(Locale.ROOT, "measuring for %.0f s at %s calls/s (open loop)...%n", duration,
                    OpenLoopSummary.rate(callsPerSecond));
            before = Scrape.of(metricsEndpoint);
            runs.add(openLoopFor(duration, callsPerSecond, calls, probes));
            after = Scrape.of(metricsEndpoint);
        }
        OpenLoopRun.Outcome last = runs.getLast();
        Figures figures = figures(gallery, last.calls(), last.peakOutstanding(), before, after,
                "open loop " + OpenLoopSummary.rate(last.schedule().ratePerSecond()) + "/s");
        new OpenLoopSummary(last).addTo(figures);
        if (rateSweep != null) {
            new RateCurve(runs).addTo(figures);
        }
        print(figures);
        return 0;
    }

    /** Calls at {@code callsPerSecond} on a schedule starting now, for {@code seconds}. */
    private OpenLoopRun.Outcome openLoopFor(double seconds, double callsPerSecond, List<BoothCall> calls,
                                            List<Probe> probes) throws InterruptedException {
        Schedule schedule = new Schedule(System.nanoTime(), callsPerSecond);
        return OpenLoopRun.run(schedule, Math.toIntExact(schedule.callsWithin(seconds)), calls, probes, maxOutstanding,
                clientLoop);
    }

    /** Single calls from one client for the templating rate, then the burst, all its calls sent back to back. */
    private int burst(Filled gallery, BiFunction<Operation, Integer, BoothCall> clientCalls, List<BoothCall> calls,
                      List<Probe> probes, URI metricsEndpoint, boolean startedTheService) throws Exception {
        System.err.printf(Locale.ROOT, "timing single calls from one client for %.0f s...%n", singleCalls);
        TemplatingRate templating = templatingRate(
                LoadRun.run(1, operation, clientCalls, probes, seconds(singleCalls)), startedTheService);
        System.err.printf("sending %d calls at once...%n", burst);
        Scrape before = Scrape.of(metricsEndpoint);
        // The cap is the burst's size: no send of the burst is held back.
        OpenLoopRun.Outcome outcome = OpenLoopRun.run(Schedule.burst(System.nanoTime()), burst, calls, probes, burst,
                clientLoop);
        Scrape after = Scrape.of(metricsEndpoint);
        Figures figures = figures(gallery, outcome.calls(), burst, before, after, "burst of " + burst);
        new BurstSummary(outcome, templating).addTo(figures);
        print(figures);
        return 0;
    }

    /** The templating rate from single calls, over the service's cores: given, or this machine's. */
    private TemplatingRate templatingRate(LoadRun.Outcome singleCalls, boolean startedTheService) throws IOException {
        if (serverCores != null) {
            return TemplatingRate.of(singleCalls, serverCores, "--server-cores");
        }
        boolean local = startedTheService
                || InetAddress.getByName(URI.create("grpc://" + target).getHost()).isLoopbackAddress();
        return TemplatingRate.of(singleCalls, Runtime.getRuntime().availableProcessors(), local
                ? "this machine's, where the service runs"
                : "this machine's, but the service is remote: give --server-cores");
    }

    /** Calls on a fixed schedule (--rate or --rate-sweep) instead of clients. */
    private boolean openLoop() {
        return rate != null || rateSweep != null;
    }

    /** Why the open-loop and burst options cannot run as given, or null. */
    private String modeProblem() {
        int modes = (rate != null ? 1 : 0) + (rateSweep != null ? 1 : 0) + (burst != 0 ? 1 : 0);
        if (bulkAlongside < 0 || bulkAlongside > 0 && (mixText != null || burst != 0)) {
            return "--bulk-alongside takes a number of streams, with --operation and not with --burst";
        }
        if (modes == 0) {
            return null;
        }
        if (modes > 1 || burst < 0 || mixText != null || compareExhaustive > 0) {
            return "give one of --rate, --rate-sweep or --burst N, with --operation (not --mix or --compare-exhaustive)";
        }
        if (maxOutstanding < 1 || singleCalls <= 0 || serverCores != null && serverCores < 1) {
            return "--max-outstanding, --single-calls and --server-cores must be positive";
        }
        for (double callsPerSecond : rate != null ? List.of(rate) : rateSweep != null ? rateSweep : List.<Double>of()) {
            if (new Schedule(0, callsPerSecond).callsWithin(duration) < 1) {
                return "--duration holds no call at " + OpenLoopSummary.rate(callsPerSecond) + " calls/s";
            }
        }
        return null;
    }

    /** A single-operation run's figures and RESULT keys; writes its latency files. */
    private Figures figures(Filled gallery, LoadRun.Outcome outcome, int concurrency, Scrape before, Scrape after,
                            String load) throws IOException {
        RunSummary summary = new RunSummary(operation, modality, gallery.subjects(), concurrency, outcome,
                gallery.measuredBytes(), after.estimatedBytesPerTemplate(gallery.name(), modality),
                before.available() && after.available()
                        ? ServerCalls.between(before.text(), after.text(), BoothCall.method(operation)) : null);
        LatencyReport.write(report, String.format(Locale.ROOT, "%s %s, gallery %d, %s - latency", lower(modality),
                lower(operation), gallery.subjects(), load), outcome.latencyMicros());
        Figures figures = summary.figures();
        if (before.available() && after.available()) {
            ClusterSearches.between(before.text(), after.text()).ifPresent(searches -> searches.addTo(figures));
        }
        if (bulk != null) {
            figures.row("bulk alongside", String.format(Locale.ROOT, "%d streams, %d fingerprint images enrolled"
                    + " (%.1f/s), %d failed", bulkAlongside, bulk.enrolled(), bulk.enrolledPerSecond(), bulk.failed()));
            figures.result("bulk_streams", bulkAlongside);
            figures.result("bulk_enrolled_per_s", RunSummary.number(bulk.enrolledPerSecond(), 1));
            figures.result("bulk_failed", bulk.failed());
        }
        return figures;
    }

    private void print(Figures figures) {
        figures.row("report", report.resolve(LatencyReport.PLOT_FILE) + ", " + report.resolve(LatencyReport.TEXT_FILE));
        figures.printRows();
        figures.printResult();
    }

    /** A mixed-load run: per-operation figures and the service's heap sampled over the window. */
    private int soak(OperationMix mix, long gallerySubjects, BiFunction<Operation, Integer, BoothCall> calls,
                     Workload workload, ServerProcess server, double measuredBytes) throws Exception {
        System.err.printf("measuring %s for %.0f s with %d clients...%n", mix, duration, clients);
        HeapSampler sampler = server != null && heapEvery > 0 ? HeapSampler.start(server, seconds(heapEvery)) : null;
        Map<Operation, LoadRun.Outcome> outcomes = LoadRun.run(clients, mix, calls, workload.probes(), seconds(duration));
        List<HeapSampler.Sample> heap = sampler != null ? sampler.stop() : List.of();
        MixSummary summary = new MixSummary(mix, modality, gallerySubjects, clients, outcomes, measuredBytes, heap);
        LatencyReport.write(report, String.format(Locale.ROOT, "%s mix %s, gallery %d, %d clients - latency",
                lower(modality), mix, gallerySubjects, clients), summary.total().latencyMicros());
        print(summary.figures());
        return 0;
    }

    private Workload workload(Extraction extraction, List<byte[]> portraits) throws IOException {
        if (modality == ModalityOption.FINGER) {
            return FingerWorkload.prepare(fingerTemplates, fingerSeed, extraction, gallerySize, fingerPool, probeKind);
        }
        return probeKind == ProbeKind.TEMPLATE ? FaceWorkload.withTemplateProbes(gallerySize, seed)
                : FaceWorkload.withImageProbes(gallerySize, seed, BoothPhotos.people(portraits, extraction));
    }

    private URI metricsEndpoint() throws URISyntaxException {
        if (metrics != null) {
            return metrics;
        }
        URI address = new URI("grpc://" + target);
        return new URI("http", null, address.getHost(), 9464, "/metrics", null, null);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The gallery a run measured.
     *
     * @param subjects      subjects when the measured run began
     * @param measuredBytes heap per template measured at the fill, NaN when not measured
     */
    private record Filled(String name, long subjects, double measuredBytes) {
    }

    /** One metrics scrape, or none when the endpoint cannot be read (it is optional against a --target). */
    private record Scrape(PrometheusText text) {

        static Scrape of(URI endpoint) throws InterruptedException {
            try {
                return new Scrape(PrometheusText.scrape(endpoint));
            } catch (IOException e) {
                System.err.println("no server-side figures: cannot read " + endpoint + ": " + e.getMessage());
                return new Scrape(null);
            }
        }

        boolean available() {
            return text != null;
        }

        double estimatedBytesPerTemplate(String gallery, ModalityOption modality) {
            return text == null ? Double.NaN : text.sum("ridgeline_gallery_template_memory_per_template_bytes",
                    Map.of("gallery", gallery, "modality", modality == ModalityOption.FINGER ? "fingerprint" : "face"));
        }
    }
}
