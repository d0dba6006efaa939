package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.Subject;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplateInfo;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import com.google.common.util.concurrent.ListenableFuture;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service runs as its own process and is killed with SIGKILL in the middle of a BulkEnroll
 * stream, several times at seeded random points. After each restart on the same store: the
 * service comes up SERVING (it decoded every stored record), every subject whose result arrived
 * is there with both its fingers and matches them, every subject of the stream is either whole or
 * absent, and nothing was stored that the client had not sent.
 */
class CrashRecoveryTest {

    private static final int ROUNDS = 5;
    /** More than a round can enroll before its kill, so every kill lands mid-stream. */
    private static final int SUBJECTS_PER_ROUND = 20_000;
    /** The kill comes after a random number of acknowledgements up to this, plus a random delay. */
    private static final int MAX_ACKS_BEFORE_KILL = 700;
    private static final int MAX_KILL_DELAY_MS = 100;
    private static final int DISTINCT_FINGERS = 20;
    /** Each subject has two fingers, so a half-written subject would show as one template. */
    private static final int[] POSITIONS = {2, 7};
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final String GALLERY = "crash";
    private static final int START_TIMEOUT_SECONDS = 180;

    @TempDir
    Path dataDirectory;

    @Test
    void acknowledgedEnrollmentsSurviveKillNineMidStream() throws Exception {
        int port = freePort();
        Random random = new Random(20261128);
        List<String> acknowledged = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        Process server = startServer(port);
        ManagedChannel channel = awaitServing(server, port);
        try {
            GalleriesGrpc.newBlockingStub(channel).createGallery(CreateGalleryRequest.newBuilder().setName(GALLERY).build());
            List<ByteString> templates = templates(channel);
            for (int round = 0; round < ROUNDS; round++) {
                int acksBeforeKill = 1 + random.nextInt(MAX_ACKS_BEFORE_KILL);
                int delayMs = random.nextInt(MAX_KILL_DELAY_MS);
                Set<String> acked = ConcurrentHashMap.newKeySet();
                AtomicInteger acks = new AtomicInteger();
                CompletableFuture<Void> enoughAcks = new CompletableFuture<>();
                SentCounter requests = new SentCounter(requests(round, templates));
                CompletableFuture<BulkEnrollResults> stream = BulkEnrollClient.stream(channel, requests, result -> {
                    assertThat(result.getCode()).as("result %s", result).isZero();
                    acked.add(result.getSubjectId());
                    if (acks.incrementAndGet() >= acksBeforeKill) {
                        enoughAcks.complete(null);
                    }
                });
                enoughAcks.get(60, TimeUnit.SECONDS);
                Thread.sleep(delayMs);
                server.destroyForcibly().waitFor();
                assertThat(server.exitValue()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
                assertThat(streamStatus(stream)).as("the stream was cut, not finished").isEqualTo(Status.Code.UNAVAILABLE);
                int handed = requests.handed();
                channel.shutdownNow();

                long startedNanos = System.nanoTime();
                server = startServer(port);
                channel = awaitServing(server, port);
                double restartSeconds = (System.nanoTime() - startedNanos) / 1e9;
                List<String> roundIds = requests.subList(0, handed).stream().map(EnrollRequest::getSubjectId).toList();
                sent.addAll(roundIds);
                long checkStarted = System.nanoTime();
                int stored = assertWholeOrAbsent(channel, roundIds, acked);
                System.out.printf("crash round %d: SIGKILL %d ms after ack %d (acks at kill %d, items sent %d);"
                                + " restarted SERVING in %.1f s with %d of the round stored%n",
                        round, delayMs, acksBeforeKill, acked.size(), handed, restartSeconds, stored);
                assertThat(stored).as("round %d: acked <= stored <= sent", round).isBetween(acked.size(), handed);
                assertAcknowledgedMatch(channel, acked, templates);
                assertAllPresent(channel, acknowledged);
                acknowledged.addAll(acked);
                System.out.printf("crash round %d: all checks passed in %.1f s%n", round,
                        (System.nanoTime() - checkStarted) / 1e9);
                assertThat(gallerySubjects(channel)).as("no subject beyond those sent")
                        .isBetween((long) acknowledged.size(), (long) sent.size());
            }
        } finally {
            channel.shutdownNow();
            server.destroyForcibly().waitFor();
        }
        System.out.printf("crash test: %d kills, %d subjects acknowledged, %d sent, %d stored, 0 acknowledged lost%n",
                ROUNDS, acknowledged.size(), sent.size(), gallerySubjectsAfterTest);
    }

    private long gallerySubjectsAfterTest;

    private long gallerySubjects(ManagedChannel channel) {
        gallerySubjectsAfterTest = GalleriesGrpc.newBlockingStub(channel)
                .describeGallery(DescribeGalleryRequest.newBuilder().setName(GALLERY).build()).getSubjects();
        return gallerySubjectsAfterTest;
    }

    private Process startServer(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                // C1 only: each restart is a fresh JVM that runs briefly, where C2's warm-up never pays back.
                "-XX:TieredStopAtLevel=1", "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.ridgeline.server.cli.RidgelineCli",
                "serve", "--data-dir", dataDirectory.resolve("store").toString(), "--port", Integer.toString(port),
                // the checks pipeline thousands of look-ups on one channel: lift the per-client bound
                "--metrics-port", "-1", "--max-calls-per-client", "100000")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("server.log").toFile()))
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ManagedChannel awaitServing(Process server, int port) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        // Generous: a JVM start on a loaded 2-core CI machine has been seen to take 45 s.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the service is running (see server.log)").isTrue();
            try {
                if (HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                    return channel;
                }
            } catch (StatusRuntimeException notYet) {
                // still starting or loading
            }
            Thread.sleep(100);
        }
        channel.shutdownNow();
        throw new AssertionError("the server was not SERVING within " + START_TIMEOUT_SECONDS + " s");
    }

    /** Templates made once, so the stream costs a store write per subject and not an extraction. */
    private static List<ByteString> templates(ManagedChannel channel) {
        GeneratedFingers.prepare(DISTINCT_FINGERS, 1);
        List<ByteString> templates = new ArrayList<>();
        for (int finger = 0; finger < DISTINCT_FINGERS; finger++) {
            templates.add(TemplatesGrpc.newBlockingStub(channel).extractTemplate(ExtractTemplateRequest.newBuilder()
                    .setSample(GeneratedFingers.sample(400 + finger, 0)).build()).getTemplate());
        }
        return templates;
    }

    private static List<EnrollRequest> requests(int round, List<ByteString> templates) {
        List<EnrollRequest> requests = new ArrayList<>(SUBJECTS_PER_ROUND);
        for (int i = 0; i < SUBJECTS_PER_ROUND; i++) {
            EnrollRequest.Builder request = EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId(id(round, i));
            for (int finger = 0; finger < POSITIONS.length; finger++) {
                request.addSamples(finger(templates, round, i, finger));
            }
            requests.add(request.build());
        }
        return requests;
    }

    private static String id(int round, int index) {
        return "R" + round + "-" + index;
    }

    private static Sample finger(List<ByteString> templates, int round, int index, int finger) {
        return Sample.newBuilder().setModality(Modality.FINGERPRINT).setFingerPosition(POSITIONS[finger])
                .setTemplate(templates.get((round * 7 + index + finger * 11) % templates.size())).build();
    }

    private static Status.Code streamStatus(CompletableFuture<BulkEnrollResults> stream) throws InterruptedException {
        try {
            stream.get(30, TimeUnit.SECONDS);
            return Status.Code.OK;
        } catch (ExecutionException e) {
            return Status.fromThrowable(e.getCause()).getCode();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the stream neither failed nor finished 30 s after the kill");
        }
    }

    /** Every subject of the round is whole (both fingers) or absent; returns how many are stored. */
    private static int assertWholeOrAbsent(ManagedChannel channel, List<String> ids, Set<String> acked) throws Exception {
        List<ListenableFuture<Subject>> subjects = getSubjects(channel, ids);
        int stored = 0;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            try {
                assertThat(subjects.get(i).get().getTemplatesList()).extracting(TemplateInfo::getFingerPosition)
                        .as("templates of %s", id).containsExactly(POSITIONS[0], POSITIONS[1]);
                stored++;
            } catch (ExecutionException e) {
                Status status = Status.fromThrowable(e.getCause());
                assertThat(status.getCode()).as("%s: %s", id, status).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(acked).as("acknowledged subjects are stored").doesNotContain(id);
            }
        }
        return stored;
    }

    /** Subjects acknowledged in earlier rounds are still there, whole, after later kills. */
    private static void assertAllPresent(ManagedChannel channel, List<String> acknowledged) throws Exception {
        List<ListenableFuture<Subject>> subjects = getSubjects(channel, acknowledged);
        for (int i = 0; i < acknowledged.size(); i++) {
            assertThat(subjects.get(i).get().getTemplatesCount()).as("templates of %s", acknowledged.get(i))
                    .isEqualTo(POSITIONS.length);
        }
    }

    /** All the look-ups in flight at once: the checks take round trips, not CPU. */
    private static List<ListenableFuture<Subject>> getSubjects(ManagedChannel channel, List<String> ids) {
        SubjectsGrpc.SubjectsFutureStub subjects = SubjectsGrpc.newFutureStub(channel);
        return ids.stream().map(id -> subjects.getSubject(
                GetSubjectRequest.newBuilder().setGallery(GALLERY).setSubjectId(id).build())).toList();
    }

    /** Each subject acknowledged in the round matches its fingers (one per call, alternately, to keep it quick). */
    private static void assertAcknowledgedMatch(ManagedChannel channel, Set<String> acked, List<ByteString> templates)
            throws Exception {
        MatchingGrpc.MatchingFutureStub matching = MatchingGrpc.newFutureStub(channel);
        Map<String, ListenableFuture<VerifyResponse>> decisions = new LinkedHashMap<>();
        for (String id : acked) {
            int round = Integer.parseInt(id.substring(1, id.indexOf('-')));
            int index = Integer.parseInt(id.substring(id.indexOf('-') + 1));
            decisions.put(id, matching.verify(VerifyRequest.newBuilder()
                    .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId(id))
                    .addProbe(finger(templates, round, index, index % POSITIONS.length))
                    .build()));
        }
        for (Map.Entry<String, ListenableFuture<VerifyResponse>> decision : decisions.entrySet()) {
            assertThat(decision.getValue().get().getDecision().getMatch()).as("%s matches its finger", decision.getKey())
                    .isTrue();
        }
    }

    /** The round's requests, counting how far the client has taken them: items past that were never sent. */
    private static final class SentCounter extends AbstractList<EnrollRequest> {

        private final List<EnrollRequest> requests;
        private final AtomicInteger handed = new AtomicInteger();

        SentCounter(List<EnrollRequest> requests) {
            this.requests = requests;
        }

        @Override
        public EnrollRequest get(int index) {
            handed.accumulateAndGet(index + 1, Math::max);
            return requests.get(index);
        }

        @Override
        public int size() {
            return requests.size();
        }

        int handed() {
            return handed.get();
        }

        @Override
        public List<EnrollRequest> subList(int from, int to) {
            return requests.subList(from, to);
        }
    }
}
