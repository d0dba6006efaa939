package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.FederatedHit;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.UnavailablePartner;
import dev.ridgeline.server.federation.CopyCheckpoint;
import dev.ridgeline.server.federation.Federation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "partners", mixinStandardHelpOptions = true,
        description = "Queries across partner deployments, and copies of their galleries (docs/FEDERATION.md).",
        subcommands = {PartnersCommand.Identify.class, PartnersVerifyCommand.class, PartnersVetCommand.class,
            PartnersVettingCommand.class, PartnersCommand.CopiesStatus.class})
final class PartnersCommand {

    @Command(name = "identify", mixinStandardHelpOptions = true,
            description = {"Identify 1:N in local galleries and partners' galleries (PARTNER:GALLERY) at once.",
                "Each hit names the deployment that found it; partners that did not answer are named."})
    static final class Identify implements Callable<Integer> {

        @Mixin
        ClientOptions.Target target;

        @Mixin
        ProbeOptions probeOptions;

        @Option(names = "--gallery", required = true, paramLabel = "GALLERY|PARTNER:GALLERY",
                description = "A local gallery or a partner's, e.g. us-cbp:lookout; repeat for several.")
        List<String> galleries = new ArrayList<>();

        @Option(names = "--purpose", paramLabel = "CODE", description = "The purpose code partners' agreements require.")
        String purpose = "";

        @Option(names = "--top", defaultValue = "10", description = "Hits per gallery (default: ${DEFAULT-VALUE}).")
        int top;

        @Mixin
        PartnerCalls partnerCalls;

        @Override
        public Integer call() throws Exception {
            ManagedChannel channel = target.channel();
            try {
                FederatedMatchingGrpc.FederatedMatchingBlockingStub federated = FederatedMatchingGrpc.newBlockingStub(channel);
                return PartnerCalls.failures(probeOptions.probes(), PartnerCalls::fileName, (probe, started) -> {
                    FederatedIdentifyResponse response = federated.identify(FederatedIdentifyRequest.newBuilder()
                            .addAllGalleries(galleries)
                            .addAllProbe(probeOptions.samples(probe))
                            .setPurpose(purpose)
                            .setMaxResults(top)
                            .setTargetFmr(probeOptions.targetFmr)
                            .setPartnerDeadlineMs(partnerCalls.partnerDeadlineMillis)
                            .build());
                    print(probe, response, PartnerCalls.millisSince(started));
                    return true;
                }) == 0 ? 0 : 1;
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }

        private static void print(ImageFiles.ImageFile probe, FederatedIdentifyResponse response, double millis) {
            System.out.printf(Locale.ROOT, "%s: %d hit(s), %s, correlation id %s (%.1f ms)%n", probe.path().getFileName(),
                    response.getHitsCount(), response.getComplete() ? "complete" : "INCOMPLETE",
                    response.getCorrelationId(), millis);
            response.getHitsList().forEach(hit -> System.out.println(hitLine(hit)));
            response.getPartnersUnavailableList().forEach(partner -> System.out.println(unavailableLine(partner)));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Each copy of a partner gallery this deployment keeps: the last change applied, the partner's",
                "head as last heard, the lag, and whether its stream is open. Read from the data directory, which the",
                "running service updates after each batch and each second when idle."})
    static final class CopiesStatus implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = "data", description = "The service's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() {
            List<CopyCheckpoint> copies = CopyCheckpoint.readAll(Federation.copiesDirectory(dataDir));
            Instant now = Instant.now();
            System.out.printf("%-12s %-16s %-20s %10s %10s %14s  %s%n", "partner", "gallery", "copy", "applied", "head",
                    "lag", "stream");
            long maxChanges = 0;
            double maxSeconds = 0;
            for (CopyCheckpoint copy : copies) {
                double lagSeconds = copy.lag(now).toMillis() / 1000.0;
                maxChanges = Math.max(maxChanges, copy.lagChanges());
                maxSeconds = Math.max(maxSeconds, lagSeconds);
                double age = (now.toEpochMilli() - copy.updatedMs()) / 1000.0;
                System.out.printf(Locale.ROOT, "%-12s %-16s %-20s %10d %10d %14s  %s%n", copy.partner(), copy.gallery(),
                        copy.localGallery(), copy.applied(), copy.head(),
                        String.format(Locale.ROOT, "%d (%.1f s)", copy.lagChanges(), lagSeconds),
                        (copy.connected() ? "open" : "closed: " + copy.problem())
                                + String.format(Locale.ROOT, ", as of %.1f s ago", age));
            }
            if (copies.isEmpty()) {
                System.out.println("(no copies of partner galleries in " + Federation.copiesDirectory(dataDir) + ")");
            }
            System.out.printf(Locale.ROOT, "RESULT copies=%d max_lag_changes=%d max_lag_seconds=%.1f%n", copies.size(),
                    maxChanges, maxSeconds);
            return 0;
        }
    }

    /** One hit, naming the deployment and gallery that found it, as the federation commands print it. */
    static String hitLine(FederatedHit hit) {
        return String.format(Locale.ROOT, "  %-10s %-14s %-22s score %8.3f, threshold %.3f at FMR %.0e%s",
                hit.getDeployment(), hit.getGallery(),
                hit.getReferenceId().isEmpty() ? "(hit/no-hit only)" : hit.getReferenceId(),
                hit.getDecision().getScore(), hit.getDecision().getThreshold(), hit.getDecision().getTargetFmr(),
                hit.getAttributesMap().isEmpty() ? "" : " " + hit.getAttributesMap());
    }

    /** A partner that did not answer, with its status and reason. */
    static String unavailableLine(UnavailablePartner partner) {
        return String.format("  partner %s unavailable: %s: %s", partner.getPartner(),
                Status.fromCodeValue(partner.getCode()).getCode(), partner.getReason());
    }
}
