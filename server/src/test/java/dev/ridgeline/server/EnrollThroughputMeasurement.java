package dev.ridgeline.server;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.cluster.postgres.LocalPostgres;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable enrollment throughput with face templates (no extraction): the engine's enroll from 8
 * threads, then over gRPC unary Enroll from 8 concurrent clients, one BulkEnroll stream, and 4
 * concurrent streams, each against a fresh engine or server and store; last, 4 BulkEnroll streams
 * into a cluster of two in-JVM members over an embedded PostgreSQL (docs/CLUSTER.md). A measurement, not a test: it runs only when asked, e.g.
 * {@code mvn -o -B -pl server -am verify -Dtest=EnrollThroughputMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dridgeline.measure=enroll -Dridgeline.measure.subjects=20000}
 * and prints one RESULT line per scenario.
 */
@EnabledIfSystemProperty(named = "ridgeline.measure", matches = "enroll")
class EnrollThroughputMeasurement {

    private static final int SUBJECTS = Integer.getInteger("ridgeline.measure.subjects", 5_000);
    private static final int WARM_UP = 500;
    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(3, 512, 0.6);

    @TempDir
    Path dataDirectory;

    private static EnrollRequest request(String prefix, int identity) {
        FaceTemplates model = FaceTemplates.FACEPLUGIN;
        byte[] template = new TemplateEnvelope(dev.ridgeline.engine.template.Modality.FACE, model.algorithm(),
                model.version(), 0, 0, model.dimension(), QuantizedFace.of(FACES.capture(identity, 0)).toPayload())
                .toBytes();
        return EnrollRequest.newBuilder().setGallery("load").setSubjectId(prefix + identity)
                .addSamples(Sample.newBuilder().setModality(Modality.FACE).setTemplate(ByteString.copyFrom(template)))
                .build();
    }

    private static List<EnrollRequest> requests(String prefix, int from, int count) {
        return IntStream.range(from, from + count).parallel().mapToObj(i -> request(prefix, i)).toList();
    }

    /** Runs the clients together and prints subjects per second over the slowest one's time. */
    private static void measure(String scenario, List<Callable<Integer>> clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        long start = System.nanoTime();
        int enrolled = 0;
        for (Future<Integer> future : pool.invokeAll(clients)) {
            enrolled += future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "RESULT operation=enroll scenario=%s subjects=%d seconds=%.2f subjects_per_s=%.0f%n",
                scenario, enrolled, seconds, enrolled / seconds);
    }

    private static List<Callable<Integer>> unaryClients(ServerHarness harness, String prefix, int clients, int total) {
        List<Callable<Integer>> callables = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<EnrollRequest> mine = requests(prefix + c + "-", 0, total / clients);
            callables.add(() -> {
                mine.forEach(harness.subjects()::enroll);
                return mine.size();
            });
        }
        return callables;
    }

    private static List<Callable<Integer>> bulkClients(ServerHarness harness, String prefix, int streams, int total) {
        return bulkClients(stream -> harness.channel(), prefix, streams, total);
    }

    /** {@code streams} BulkEnroll streams, stream {@code s} over {@code channels.apply(s)}. */
    private static List<Callable<Integer>> bulkClients(IntFunction<ManagedChannel> channels, String prefix, int streams,
                                                       int total) {
        List<Callable<Integer>> callables = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            List<EnrollRequest> mine = requests(prefix + s + "-", 0, total / streams);
            ManagedChannel channel = channels.apply(s);
            callables.add(() -> {
                BulkEnrollResults response = BulkEnrollClient.enroll(channel, mine);
                if (response.failed() != 0) {
                    throw new AssertionError("bulk failures: " + response.results().getFirst());
                }
                return (int) response.enrolled();
            });
        }
        return callables;
    }

    /** The engine without gRPC: what the store and gallery allow, for comparison with the service. */
    private static List<Callable<Integer>> engineClients(RidgelineEngine engine, String prefix, int clients, int total) {
        List<Callable<Integer>> callables = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<EnrollRequest> mine = requests(prefix + c + "-", 0, total / clients);
            callables.add(() -> {
                for (EnrollRequest request : mine) {
                    engine.enroll("load", request.getSubjectId(), List.of(dev.ridgeline.engine.Sample.template(0,
                            request.getSamples(0).getTemplate().toByteArray())), Map.of(), false);
                }
                return mine.size();
            });
        }
        return callables;
    }

    @Test
    void enrollThroughput() throws Exception {
        try (RidgelineEngine engine = new RidgelineEngine(EngineConfig.defaults(dataDirectory.resolve("engine")))) {
            engine.load(progress -> { });
            engine.createGallery("load", 0, 0);
            measure("warm-up", engineClients(engine, "warm-", 1, WARM_UP));
            measure("engine-8-threads", engineClients(engine, "E", 8, SUBJECTS));
        }
        try (ServerHarness harness = new ServerHarness(dataDirectory.resolve("unary"))) {
            harness.createGallery("load");
            measure("warm-up", unaryClients(harness, "warm-", 1, WARM_UP));
            measure("unary-8-clients", unaryClients(harness, "U", 8, SUBJECTS));
        }
        try (ServerHarness harness = new ServerHarness(dataDirectory.resolve("bulk-1"))) {
            harness.createGallery("load");
            measure("warm-up", bulkClients(harness, "warm-", 1, WARM_UP));
            measure("bulk-1-stream", bulkClients(harness, "B", 1, SUBJECTS));
        }
        try (ServerHarness harness = new ServerHarness(dataDirectory.resolve("bulk-4"))) {
            harness.createGallery("load");
            measure("warm-up", bulkClients(harness, "warm-", 1, WARM_UP));
            measure("bulk-4-streams", bulkClients(harness, "B", 4, SUBJECTS));
        }
        // A cluster of two members over an embedded PostgreSQL, the streams spread over both members.
        Path postgresDirectory = dataDirectory.resolve("postgres");
        try (ClusterMembers cluster = ClusterMembers.start(2, LocalPostgres.startOrAttach(postgresDirectory),
                dataDirectory.resolve("cluster"))) {
            cluster.galleries(0).createGallery(CreateGalleryRequest.newBuilder().setName("load").build());
            measure("warm-up", bulkClients(cluster::channel, "warm-", 1, WARM_UP));
            measure("cluster-2-members-bulk-4-streams", bulkClients(cluster::channel, "C", 4, SUBJECTS));
        } finally {
            LocalPostgres.stop(postgresDirectory);
        }
    }
}
