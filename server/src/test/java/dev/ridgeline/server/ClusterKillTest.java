package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.ClusterStatus;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GetClusterStatusRequest;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.MemberStatus;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.cluster.postgres.LocalPostgres;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import dev.ridgeline.fixtures.net.FreePorts;
import dev.ridgeline.server.cli.BulkEnrollClient;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members, each its own `ridgeline serve --cluster-name` process, over a real PostgreSQL.
 * One member is killed with SIGKILL in the middle of a bulk enrollment while another answers
 * identifies: no acknowledged enrollment is lost, every answer during the failover is complete or
 * UNAVAILABLE, and afterwards a fixed probe set finds the same subjects first as before. The
 * member rejoins and nothing is held twice. Then every member is killed and restarted: every
 * acknowledged enrollment is back from PostgreSQL, and every subject is whole or absent.
 */
class ClusterKillTest {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(2019, 512, 0.3);
    private static final int BEFORE = 150;
    private static final int DURING = 600;
    private static final int PROBES = 20;
    private static final String GALLERY = "border";

    @TempDir
    Path directory;

    private final List<Integer> memberPorts = FreePorts.take(3);
    private final List<Integer> grpcPorts = FreePorts.take(3);
    private final Process[] members = new Process[3];
    private final ManagedChannel[] channels = new ManagedChannel[3];
    private PostgresSettings postgres;
    private Path keyFile;

    private static ByteString face(int identity, int capture) {
        return ByteString.copyFrom(FaceTemplates.FACEPLUGIN.envelope(FACES.capture(identity, capture), 80).toBytes());
    }

    private static EnrollRequest enrollment(int identity) {
        return EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("P" + identity)
                .addSamples(Sample.newBuilder().setModality(Modality.FACE).setTemplate(face(identity, 0))).build();
    }

    private static IdentifyRequest probe(int identity) {
        return IdentifyRequest.newBuilder().setGallery(GALLERY).setMaxResults(1)
                .addProbe(Sample.newBuilder().setModality(Modality.FACE).setTemplate(face(identity, 1))).build();
    }

    /** @param together members started at the same time: a cold cluster waits for all of them */
    private Process start(int member, int together) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--add-modules",
                "jdk.incubator.vector", "-XX:TieredStopAtLevel=1", "-Xmx384m", "-cp",
                System.getProperty("java.class.path"), "dev.ridgeline.server.cli.RidgelineCli", "serve",
                "--cluster-name", "kill-test-" + ProcessHandle.current().pid(),
                "--members", String.join(",", memberPorts.stream().map(port -> "127.0.0.1:" + port).toList()),
                "--member-port", Integer.toString(memberPorts.get(member)),
                "--initial-members", Integer.toString(together), "--postgres", postgres.jdbcUrl(),
                "--store-key-file", keyFile.toString(), "--port", Integer.toString(grpcPorts.get(member)),
                "--metrics-port", "-1", "--face-models", directory.resolve("no-models").toString(),
                "--data-dir", directory.resolve("member-" + member).toString(), "--max-calls-per-client", "100000")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("member-" + member + ".log").toFile()));
        builder.environment().put("RIDGELINE_POSTGRES_USER", postgres.user());
        return builder.start();
    }

    private void startMembers(int... indexes) throws Exception {
        for (int member : indexes) {
            members[member] = start(member, indexes.length);
        }
        for (int member : indexes) {
            if (channels[member] == null) {
                channels[member] = NettyChannelBuilder.forAddress("127.0.0.1", grpcPorts.get(member)).usePlaintext()
                        .build();
            }
            awaitServing(member);
        }
    }

    private void awaitServing(int member) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            assertThat(members[member].isAlive()).as("member %d exited; see its log", member).isTrue();
            try {
                if (HealthGrpc.newBlockingStub(channels[member]).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus()
                        == HealthCheckResponse.ServingStatus.SERVING) {
                    return;
                }
            } catch (StatusRuntimeException notYet) {
                // not listening yet: it listens once it has joined and loaded its partitions
            }
            assertThat(System.nanoTime()).as("member %d serving within 120 s", member).isLessThan(until);
            Thread.sleep(200);
        }
    }

    private void killAll() throws InterruptedException {
        for (Process member : members) {
            if (member != null && member.isAlive()) {
                member.destroyForcibly().waitFor();
            }
        }
    }

    private String top(int member, int identity) {
        IdentifyResponse answer = MatchingGrpc.newBlockingStub(channels[member]).identify(probe(identity));
        assertThat(answer.getCoverage().getPartitionsCovered()).isEqualTo(271);
        return answer.getCandidatesCount() == 0 ? "" : answer.getCandidates(0).getSubjectId();
    }

    private long subjects(int member) {
        return GalleriesGrpc.newBlockingStub(channels[member])
                .describeGallery(DescribeGalleryRequest.newBuilder().setName(GALLERY).build()).getSubjects();
    }

    private boolean stored(int member, int identity) {
        try {
            return SubjectsGrpc.newBlockingStub(channels[member]).getSubject(GetSubjectRequest.newBuilder()
                    .setGallery(GALLERY).setSubjectId("P" + identity).build()).getTemplatesCount() == 1;
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            return false;
        }
    }

    @Test
    void killedMembersLoseNoAcknowledgedEnrollmentAndNoAnswerIsSilentlyPartial() throws Exception {
        Path postgresDirectory = directory.resolve("postgres");
        postgres = LocalPostgres.startOrAttach(postgresDirectory);
        keyFile = Files.writeString(directory.resolve("store.key"),
                "kill=" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        try {
            startMembers(0, 1, 2);
            GalleriesGrpc.newBlockingStub(channels[0]).createGallery(CreateGalleryRequest.newBuilder()
                    .setName(GALLERY).build());
            assertThat(BulkEnrollClient.enroll(channels[0], IntStream.range(0, BEFORE)
                    .mapToObj(ClusterKillTest::enrollment).toList()).enrolled()).isEqualTo(BEFORE);
            List<String> before = IntStream.range(0, PROBES).mapToObj(identity -> top(1, identity)).toList();
            assertThat(before).isEqualTo(IntStream.range(0, PROBES).mapToObj(identity -> "P" + identity).toList());

            // Member 2 dies mid-stream while member 1 answers identifies.
            Map<Integer, Status.Code> results = new ConcurrentHashMap<>();
            AtomicBoolean killed = new AtomicBoolean();
            CompletableFuture<?> stream = BulkEnrollClient.stream(channels[0], IntStream.range(BEFORE, BEFORE + DURING)
                    .mapToObj(ClusterKillTest::enrollment).toList(), (BulkEnrollResult result) -> {
                        results.put(Integer.parseInt(result.getSubjectId().substring(1)),
                                Status.fromCodeValue(result.getCode()).getCode());
                        if (killed.compareAndSet(false, true)) {
                            members[2].destroyForcibly();
                        }
                    });
            AtomicInteger complete = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            while (!stream.isDone()) {
                try {
                    IdentifyResponse answer = MatchingGrpc.newBlockingStub(channels[1]).withDeadlineAfter(30, TimeUnit.SECONDS)
                            .identify(probe(complete.get() % PROBES));
                    assertThat(answer.getCoverage().getPartitionsCovered()).isEqualTo(271);
                    complete.incrementAndGet();
                } catch (StatusRuntimeException e) {
                    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.UNAVAILABLE);
                    refused.incrementAndGet();
                }
            }
            stream.exceptionally(failure -> null).join();
            members[2].waitFor();
            System.out.printf("kill -9 of one member during %d streamed enrollments: %d answered, %d identifies"
                    + " complete and %d UNAVAILABLE meanwhile%n", DURING, results.size(), complete.get(), refused.get());

            List<Integer> acknowledged = new ArrayList<>(IntStream.range(0, BEFORE).boxed().toList());
            results.forEach((identity, code) -> {
                if (code == Status.Code.OK) {
                    acknowledged.add(identity);
                }
            });
            assertThat(acknowledged.size()).isGreaterThan(BEFORE);
            for (int identity : acknowledged) {
                assertThat(stored(1, identity)).as("acknowledged P%d", identity).isTrue();
            }
            long held = IntStream.range(0, BEFORE + DURING).filter(identity -> stored(0, identity)).count();
            assertThat(subjects(0)).isEqualTo(held);
            assertThat(IntStream.range(0, PROBES).mapToObj(identity -> top(0, identity)).toList()).isEqualTo(before);

            // Member 2 rejoins: partitions rebalance over three members, nothing is held twice.
            startMembers(2);
            ClusterStatus status = awaitSafe(3);
            assertThat(status.getMembersList().stream().mapToLong(MemberStatus::getSubjects).sum()).isEqualTo(held);
            assertThat(status.getMembersList()).allSatisfy(member -> assertThat(member.getSubjects()).isPositive());
            assertThat(subjects(2)).isEqualTo(held);

            // Every member dies; the restarted cluster has every acknowledged subject back from PostgreSQL.
            killAll();
            startMembers(0, 1, 2);
            assertThat(subjects(1)).isEqualTo(held);
            for (int identity : acknowledged) {
                assertThat(stored(2, identity)).as("acknowledged P%d after a full restart", identity).isTrue();
            }
            assertThat(IntStream.range(0, PROBES).mapToObj(identity -> top(2, identity)).toList()).isEqualTo(before);
        } finally {
            killAll();
            for (ManagedChannel channel : channels) {
                if (channel != null) {
                    channel.shutdownNow();
                }
            }
            LocalPostgres.stop(postgresDirectory);
        }
    }

    private ClusterStatus awaitSafe(int memberCount) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            ClusterStatus status = ServerInfoGrpc.newBlockingStub(channels[0])
                    .getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
            if (status.getMembersCount() == memberCount && status.getSafe() && status.getMembersList().stream()
                    .mapToInt(MemberStatus::getPartitionsOwned).sum() == 271) {
                return status;
            }
            assertThat(System.nanoTime()).as("a safe cluster of %d members within 60 s", memberCount).isLessThan(until);
            Thread.sleep(200);
        }
    }
}
