package dev.ridgeline.server.cli;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.Decision;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.ProbeFinger;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Verify 1:1: each probe image against an enrolled subject, or against templates read from a card.",
            "Without --subject, FVC-named probes NNN_K.ext claim subject NNN, so a folder verifies every genuine pair."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ClientOptions.Target target;

    @Option(names = "--gallery", description = "Gallery of the claimed subjects (not needed with --card).")
    String gallery;

    @Mixin
    ProbeOptions probeOptions;

    @Option(names = "--subject", description = "The claimed subject id.")
    String subjectId;

    @Option(names = "--card", arity = "1..*", paramLabel = "TEMPLATE_FILE",
            description = "Template envelopes read from a card; verifies against them instead of the gallery.")
    List<Path> cardTemplates = new ArrayList<>();

    @Option(names = "--card-format", defaultValue = "ridgeline_envelope", paramLabel = "FORMAT",
            description = "Format of the --card files when their bytes do not say it: iso_19794_2_compact_card"
                    + " (envelopes and ISO/ANSI records are recognised; default: ${DEFAULT-VALUE}).")
    TemplateFormat cardFormat;

    @Override
    public Integer call() throws Exception {
        List<ImageFiles.ImageFile> probes = probeOptions.probes();
        CardTemplates card = cardTemplates();
        if (card == null && gallery == null) {
            System.err.println("verify: give --gallery for enrolled subjects, or --card");
            return 2;
        }
        ManagedChannel channel = target.channel();
        try {
            MatchingGrpc.MatchingBlockingStub matching = MatchingGrpc.newBlockingStub(channel);
            Latencies latencies = new Latencies();
            int matches = 0;
            int errors = 0;
            for (ImageFiles.ImageFile probe : probes) {
                VerifyRequest.Builder request = VerifyRequest.newBuilder()
                        .addAllProbe(probeOptions.samples(probe))
                        .setTargetFmr(probeOptions.targetFmr);
                String claim = subjectId != null ? subjectId : probe.subjectId();
                if (card != null) {
                    request.setCard(card);
                    claim = "card";
                } else if (claim == null) {
                    throw new IllegalArgumentException(probe.path() + " is not named NNN_K.ext: give --subject or --card");
                } else {
                    request.setSubject(SubjectRef.newBuilder().setGallery(gallery).setSubjectId(claim));
                }
                long started = System.nanoTime();
                try {
                    VerifyResponse response = matching.verify(request.build());
                    double millis = latencies.record(started);
                    Decision decision = response.getDecision();
                    matches += decision.getMatch() ? 1 : 0;
                    System.out.printf("%s vs %s: %s score %.3f, threshold %.3f at FMR %.0e%s%s (%.1f ms)%n",
                            probe.path().getFileName(), claim, decision.getMatch() ? "MATCH" : "NO MATCH",
                            decision.getScore(), decision.getThreshold(), decision.getTargetFmr(),
                            response.hasProbeFace() ? ", face quality " + response.getProbeFace().getQuality() : "",
                            fingerQualities(response.getProbeFingersList()), millis);
                } catch (StatusRuntimeException e) {
                    errors++;
                    System.out.printf("%s vs %s: %s: %s%n", probe.path().getFileName(), claim,
                            e.getStatus().getCode(), e.getStatus().getDescription());
                }
            }
            if (probes.size() > 1) {
                System.out.printf("%d verifications: %d matches, %d errors; %s%n", probes.size(), matches, errors,
                        latencies);
            }
            return errors == 0 ? 0 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private CardTemplates cardTemplates() throws Exception {
        if (cardTemplates.isEmpty()) {
            return null;
        }
        CardTemplates.Builder card = CardTemplates.newBuilder().setFormat(cardFormat);
        for (Path file : cardTemplates) {
            card.addTemplates(ByteString.copyFrom(Files.readAllBytes(file)));
        }
        return card.build();
    }

    /** ", finger quality Q" for each finger of a probe, as verify and identify print them. */
    static String fingerQualities(List<ProbeFinger> fingers) {
        return fingers.stream().map(finger -> ", finger quality " + finger.getQuality())
                .collect(Collectors.joining());
    }
}
