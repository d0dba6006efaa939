package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.FederatedVerifyRequest;
import dev.ridgeline.api.v1.FederatedVerifyResponse;
import io.grpc.ManagedChannel;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify 1:1 against a reference a partner holds (PARTNER:GALLERY and its reference id).",
            "The partner's own decision is printed; a partner that did not answer is named."})
final class PartnersVerifyCommand implements Callable<Integer> {

    @Mixin
    ClientOptions.Target target;

    @Mixin
    ProbeOptions probeOptions;

    @Option(names = "--gallery", required = true, paramLabel = "PARTNER:GALLERY", description = "The partner's gallery, e.g. us-cbp:lookout.")
    String gallery;

    @Option(names = "--reference", required = true, paramLabel = "ID", description = "The reference id the partner disclosed.")
    String reference;

    @Option(names = "--purpose", required = true, paramLabel = "CODE", description = "The purpose code the partner's agreement requires.")
    String purpose;

    @Mixin
    PartnerCalls partnerCalls;

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = target.channel();
        try {
            FederatedMatchingGrpc.FederatedMatchingBlockingStub federated = FederatedMatchingGrpc.newBlockingStub(channel);
            return PartnerCalls.failures(probeOptions.probes(), PartnerCalls::fileName, (probe, started) -> {
                FederatedVerifyResponse response = federated.verify(FederatedVerifyRequest.newBuilder()
                        .setGallery(gallery)
                        .setReferenceId(reference)
                        .addAllProbe(probeOptions.samples(probe))
                        .setPurpose(purpose)
                        .setTargetFmr(probeOptions.targetFmr)
                        .setPartnerDeadlineMs(partnerCalls.partnerDeadlineMillis)
                        .build());
                double millis = PartnerCalls.millisSince(started);
                if (!response.getComplete()) {
                    System.out.printf(Locale.ROOT, "%s: NO DECISION, correlation id %s (%.1f ms)%n%s%n",
                            PartnerCalls.fileName(probe), response.getCorrelationId(), millis,
                            PartnersCommand.unavailableLine(response.getPartnerUnavailable()));
                    return false;
                }
                System.out.printf(Locale.ROOT, "%s: %s by %s %s, score %.3f, threshold %.3f at FMR %.0e%s,"
                                + " correlation id %s (%.1f ms)%n", PartnerCalls.fileName(probe),
                        response.getDecision().getMatch() ? "MATCH" : "no match", response.getDeployment(),
                        response.getGallery(), response.getDecision().getScore(), response.getDecision().getThreshold(),
                        response.getDecision().getTargetFmr(),
                        response.getAttributesMap().isEmpty() ? "" : " " + response.getAttributesMap(),
                        response.getCorrelationId(), millis);
                return true;
            }) == 0 ? 0 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
