package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.grpc.RidgelineServer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template-level finger fill against a real service: 50 generated fingers, each enrolled three times. */
class FingerTemplateFillTest {

    private static final int POOL = 50;
    private static final int COPIES = 3;

    @TempDir
    Path work;

    @Test
    void fillsVariantsOfThePoolAndAProbeFindsItsFinger() throws Exception {
        try (RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(work.resolve("data")), "127.0.0.1", 0, 0)) {
            server.awaitLoaded();
            ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + server.port(),
                    InsecureChannelCredentials.create()).build();
            try {
                FingerWorkload workload = FingerWorkload.prepare(work.resolve("fingers"), 2026, new Extraction(channel),
                        POOL * COPIES, POOL, ProbeKind.TEMPLATE);
                BenchGallery gallery = new BenchGallery(channel, "fingers");
                gallery.describeOrCreate();

                GalleryFill.Outcome fill = new GalleryFill(channel, 2, 40).fill("fingers", workload, POOL * COPIES);

                assertThat(fill.enrolled()).isEqualTo(POOL * COPIES);
                assertThat(gallery.describe().getSubjects()).isEqualTo(POOL * COPIES);
                assertThat(workload.probes()).hasSize(POOL);
                assertThat(workload.description()).contains("rigid variants").contains("mates of each other");
                MatchingGrpc.MatchingBlockingStub matching = MatchingGrpc.newBlockingStub(channel);
                for (int finger = 0; finger < 5; finger++) {
                    Probe probe = workload.probes().get(finger);
                    assertThat(probe.mateId()).isEqualTo(Workload.subjectId(finger));
                    IdentifyResponse found = matching.identify(IdentifyRequest.newBuilder().setGallery("fingers")
                            .addProbe(probe.sample()).build());
                    // The finger's copies are subjects finger, finger + POOL, finger + 2 POOL; nothing else matches.
                    List<String> copies = List.of(Workload.subjectId(finger), Workload.subjectId(finger + POOL),
                            Workload.subjectId(finger + 2 * POOL));
                    assertThat(found.getCandidatesList()).isNotEmpty();
                    assertThat(found.getCandidatesList()).map(Candidate::getSubjectId).allMatch(copies::contains);
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
