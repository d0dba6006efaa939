package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.FederatedVerifyRequest;
import dev.ridgeline.api.v1.FederatedVerifyResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
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

    @Option(names = "--partner-deadline-ms", defaultValue = "0", paramLabel = "MS",
            description = "How long the partner has to answer; 0: the service's own setting.")
    int partnerDeadlineMillis;

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = target.channel();
        int errors = 0;
        try {
            FederatedMatchingGrpc.FederatedMatchingBlockingStub federated = FederatedMatchingGrpc.newBlockingStub(channel);
            for (ImageFiles.ImageFile probe : probeOptions.probes()) {
                long started = System.nanoTime();
                try {
                    FederatedVerifyResponse response = federated.verify(FederatedVerifyRequest.newBuilder()
                            .setGallery(gallery)
                            .setReferenceId(reference)
                            .addAllProbe(probeOptions.samples(probe))
                            .setPurpose(purpose)
                            .setTargetFmr(probeOptions.targetFmr)
                            .setPartnerDeadlineMs(partnerDeadlineMillis)
                            .build());
                    double millis = (System.nanoTime() - started) / 1e6;
                    if (!response.getComplete()) {
                        errors++;
                        System.out.printf(Locale.ROOT, "%s: NO DECISION, correlation id %s (%.1f ms)%n%s%n",
                                probe.path().getFileName(), response.getCorrelationId(), millis,
                                PartnersCommand.unavailableLine(response.getPartnerUnavailable()));
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "%s: %s by %s %s, score %.3f, threshold %.3f at FMR %.0e%s,"
                                    + " correlation id %s (%.1f ms)%n", probe.path().getFileName(),
                            response.getDecision().getMatch() ? "MATCH" : "no match", response.getDeployment(),
                            response.getGallery(), response.getDecision().getScore(), response.getDecision().getThreshold(),
                            response.getDecision().getTargetFmr(),
                            response.getAttributesMap().isEmpty() ? "" : " " + response.getAttributesMap(),
                            response.getCorrelationId(), millis);
                } catch (StatusRuntimeException e) {
                    errors++;
                    System.out.printf("%s: %s: %s%n", probe.path().getFileName(), e.getStatus().getCode(),
                            e.getStatus().getDescription());
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return errors == 0 ? 0 : 1;
    }
}
