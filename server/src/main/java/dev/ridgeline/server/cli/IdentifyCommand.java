package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.Clause;
import dev.ridgeline.api.v1.Filter;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.MatchingGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "identify", mixinStandardHelpOptions = true,
        description = {
            "Identify 1:N: search a gallery for each probe image.",
            "For FVC-named probes NNN_K.ext the summary reports the rank-1 identification rate against subject NNN."})
final class IdentifyCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Mixin
    ProbeOptions probeOptions;

    @Option(names = "--top", defaultValue = "10", description = "Candidates to return (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--filter", paramLabel = "ATTR=V1[,V2]|ATTR!=V1[,V2]",
            description = "Attribute clause; clauses combine with AND, values within one with OR.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--all", description = "Also list candidates below the threshold (always on for rank-1 summaries).")
    boolean includeNonMatches;

    @Option(names = "--target-fpir", defaultValue = "0",
            description = "Operating point for the whole search instead of --target-fmr; the threshold then grows with the gallery.")
    double targetFpir;

    @Option(names = "--exhaustive", description = "Score every candidate exactly, without the two-stage face or finger shortlist.")
    boolean exhaustive;

    @Option(names = "--quiet", description = "Print only the summary.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        List<ImageFiles.ImageFile> probes = probeOptions.probes();
        boolean ranking = probes.stream().allMatch(p -> p.subjectId() != null) && probes.size() > 1;
        Filter filter = parseFilter(filters);
        ManagedChannel channel = client.channel();
        try {
            MatchingGrpc.MatchingBlockingStub matching = MatchingGrpc.newBlockingStub(channel);
            Latencies latencies = new Latencies();
            int rankOne = 0;
            int identified = 0;
            int errors = 0;
            for (ImageFiles.ImageFile probe : probes) {
                IdentifyRequest request = IdentifyRequest.newBuilder()
                        .setGallery(client.gallery)
                        .addAllProbe(probeOptions.samples(probe))
                        .setFilter(filter)
                        .setMaxResults(top)
                        .setTargetFmr(probeOptions.targetFmr)
                        .setTargetFpir(targetFpir)
                        .setIncludeNonMatches(includeNonMatches || ranking)
                        .setExhaustive(exhaustive)
                        .build();
                long started = System.nanoTime();
                try {
                    IdentifyResponse response = matching.identify(request);
                    double millis = latencies.record(started);
                    if (ranking && response.getCandidatesCount() > 0) {
                        Candidate first = response.getCandidates(0);
                        boolean mate = first.getSubjectId().equals(probe.subjectId());
                        rankOne += mate ? 1 : 0;
                        identified += mate && first.getDecision().getMatch() ? 1 : 0;
                    }
                    if (!quiet) {
                        print(probe, response, millis);
                    }
                } catch (StatusRuntimeException e) {
                    errors++;
                    System.out.printf("%s: %s: %s%n", probe.path().getFileName(), e.getStatus().getCode(),
                            e.getStatus().getDescription());
                }
            }
            if (probes.size() > 1) {
                String rates = ranking ? String.format(Locale.ROOT, "rank-1 %.1f%% (%d/%d), identified at threshold %.1f%%; ",
                        100.0 * rankOne / probes.size(), rankOne, probes.size(), 100.0 * identified / probes.size()) : "";
                System.out.printf("%d searches, %d errors; %s%s%n", probes.size(), errors, rates,
                        latencies);
            }
            return errors == 0 ? 0 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void print(ImageFiles.ImageFile probe, IdentifyResponse response, double millis) {
        System.out.printf("%s: %d candidate(s) of %d templates searched, threshold %.3f at FMR %.0e (%.1f ms)%s%s%s%n",
                probe.path().getFileName(), response.getCandidatesCount(), response.getSearched(),
                response.getThreshold(), response.getTargetFmr(), millis, !response.hasCoverage() ? ""
                        : String.format(", %d members covered %d of %d partitions", response.getCoverage().getMembers(),
                                response.getCoverage().getPartitionsCovered(), response.getCoverage().getPartitions()),
                response.hasProbeFace() ? ", face quality " + response.getProbeFace().getQuality() : "",
                VerifyCommand.fingerQualities(response.getProbeFingersList()));
        for (Candidate candidate : response.getCandidatesList()) {
            System.out.printf("  #%d %-20s score %8.3f %s%n", candidate.getRank(), candidate.getSubjectId(),
                    candidate.getDecision().getScore(), candidate.getDecision().getMatch() ? "MATCH" : "");
        }
    }

    /** Parses clauses like {@code programme=NEXUS,SENTRI} and {@code status!=REVOKED}. */
    static Filter parseFilter(List<String> clauses) {
        Filter.Builder filter = Filter.newBuilder();
        for (String text : clauses) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("filter '" + text + "' is not ATTR=V1[,V2] or ATTR!=V1[,V2]");
            }
            boolean negate = text.charAt(equals - 1) == '!';
            String attribute = text.substring(0, negate ? equals - 1 : equals).trim();
            filter.addAllOf(Clause.newBuilder()
                    .setAttribute(attribute)
                    .addAllAnyOf(Arrays.stream(text.substring(equals + 1).split(",")).map(String::trim).toList())
                    .setNegate(negate));
        }
        return filter.build();
    }
}
