package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;

import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.PartnerIdentifyRequest;
import dev.ridgeline.api.v1.PartnerMatchingGrpc;
import dev.ridgeline.api.v1.Sample;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What federation adds to a search: a federated identify at Canada naming the US look-out list,
 * then the US and Mexican lists, against each partner's own identify of the same probe (a template)
 * sent straight to it over the same kind of mutual-TLS channel, interleaved round by round on
 * loopback. The overhead of a round is the federated latency minus the partner's own. For two
 * partners that is both partners' own identifies sent at once, timed until the slower answers:
 * all three deployments share the machine's cores, so two partners searching at once slow each
 * other down, which is the machine, not federation (the slower partner's identify alone is
 * reported beside it). A measurement, not a test: it runs
 * only when asked, e.g. {@code mvn -o -B -pl server -am verify -Dtest=FederationOverheadMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dridgeline.measure=federation -Dridgeline.measure.rounds=300}
 * and prints a RESULT line.
 */
@EnabledIfSystemProperty(named = "ridgeline.measure", matches = "federation")
class FederationOverheadMeasurement {

    private static final int SUBJECTS = Integer.getInteger("ridgeline.measure.subjects", 200);
    private static final int ROUNDS = Integer.getInteger("ridgeline.measure.rounds", 300);
    private static final int WARM_UP = 50;

    @TempDir
    Path root;

    @Test
    void federatedIdentifyOverTheSlowerPartnersOwn() throws Exception {
        GeneratedFingers.prepare(SUBJECTS, 2);
        try (ExecutorService bothAtOnce = Executors.newFixedThreadPool(2);
             FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp");
             FederatedDeployment mexico = new FederatedDeployment(root, "mx-inm")) {
            Map<String, Object> hitNoHit = agreement(List.of("lookout"), List.of("identify"), "hit/no-hit", List.of());
            Map<String, Object> referenceId = agreement(List.of("lookout"), List.of("identify"), "reference-id", List.of());
            for (Map<String, Object> agreement : List.of(hitNoHit, referenceId)) {
                agreement.put("rate_limit_per_minute", 1_000_000); // the measurement, not the rate limit, sets the pace
            }
            us.start(canada.asPartner(hitNoHit));
            mexico.start(canada.asPartner(referenceId));
            us.enroll("lookout", "US-0", 0, Map.of());
            mexico.enroll("lookout", "MX-0", 0, Map.of());
            IntStream.range(1, SUBJECTS).parallel().forEach(finger -> {
                us.enroll("lookout", "US-" + finger, finger, Map.of());
                mexico.enroll("lookout", "MX-" + finger, finger, Map.of());
            });
            canada.start(us.asPartner(null), mexico.asPartner(null));

            Sample probe = FederationTest.template(canada, 2);
            PartnerIdentifyRequest direct = PartnerIdentifyRequest.newBuilder().addGalleries("lookout").addProbe(probe)
                    .setPurpose("BORDER-ENTRY").setCorrelationId("measure").build();
            FederatedIdentifyRequest bothPartners = FederatedIdentifyRequest.newBuilder().addGalleries("us-cbp:lookout")
                    .addGalleries("mx-inm:lookout").addProbe(probe).setPurpose("BORDER-ENTRY").build();
            FederatedIdentifyRequest onePartner = bothPartners.toBuilder().clearGalleries().addGalleries("us-cbp:lookout").build();
            PartnerMatchingGrpc.PartnerMatchingBlockingStub toUs = us.partnerCallAs(canada.identity);
            PartnerMatchingGrpc.PartnerMatchingBlockingStub toMexico = mexico.partnerCallAs(canada.identity);
            FederatedMatchingGrpc.FederatedMatchingBlockingStub booth = canada.federated();

            double[] ownOne = new double[ROUNDS];
            double[] federatedOne = new double[ROUNDS];
            double[] overheadOne = new double[ROUNDS];
            double[] slower = new double[ROUNDS];
            double[] ownTwo = new double[ROUNDS];
            double[] federatedTwo = new double[ROUNDS];
            double[] overheadTwo = new double[ROUNDS];
            for (int round = -WARM_UP; round < ROUNDS; round++) {
                double usMillis = time(() -> toUs.identify(direct));
                double mexicoMillis = time(() -> toMexico.identify(direct));
                double bothMillis = time(() -> CompletableFuture.allOf(
                        CompletableFuture.runAsync(() -> toUs.identify(direct), bothAtOnce),
                        CompletableFuture.runAsync(() -> toMexico.identify(direct), bothAtOnce)).join());
                double oneMillis = time(() -> check(booth.identify(onePartner), 1));
                double twoMillis = time(() -> check(booth.identify(bothPartners), 2));
                if (round >= 0) {
                    ownOne[round] = usMillis;
                    federatedOne[round] = oneMillis;
                    overheadOne[round] = oneMillis - usMillis;
                    slower[round] = Math.max(usMillis, mexicoMillis);
                    ownTwo[round] = bothMillis;
                    federatedTwo[round] = twoMillis;
                    overheadTwo[round] = twoMillis - bothMillis;
                }
            }
            System.out.printf(Locale.ROOT, "RESULT benchmark=federation_overhead subjects_per_partner=%d rounds=%d"
                            + " one_partner_own_p50_ms=%.2f one_partner_federated_p50_ms=%.2f"
                            + " one_partner_overhead_p50_ms=%.2f one_partner_overhead_p99_ms=%.2f"
                            + " slower_of_two_alone_p50_ms=%.2f two_partners_own_at_once_p50_ms=%.2f"
                            + " two_partners_federated_p50_ms=%.2f"
                            + " two_partners_overhead_p50_ms=%.2f two_partners_overhead_p99_ms=%.2f load_average=%.2f%n",
                    SUBJECTS, ROUNDS, percentile(ownOne, 50), percentile(federatedOne, 50), percentile(overheadOne, 50),
                    percentile(overheadOne, 99), percentile(slower, 50), percentile(ownTwo, 50), percentile(federatedTwo, 50),
                    percentile(overheadTwo, 50), percentile(overheadTwo, 99),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void check(FederatedIdentifyResponse answer, int partners) {
        if (!answer.getComplete() || answer.getHitsCount() < partners) {
            throw new AssertionError("the federated answer should hold every partner's hit: " + answer);
        }
    }

    private static double time(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
