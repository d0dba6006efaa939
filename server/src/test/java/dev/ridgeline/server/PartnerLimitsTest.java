package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.PartnerIdentifyRequest;
import dev.ridgeline.api.v1.PartnerIdentifyResponse;
import dev.ridgeline.api.v1.PartnerMatchingGrpc;
import dev.ridgeline.server.SecuredServer.Principal;
import dev.ridgeline.server.security.AccessFile;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits an agreement sets on the answering side (results, rate, yearly quota kept across a
 * restart), and the grant a local caller needs before a query crosses to a partner.
 */
class PartnerLimitsTest {

    @TempDir
    Path root;

    @Test
    void maxResultsRateAndYearlyQuotaHoldAndTheQuotaSurvivesARestart() throws Exception {
        GeneratedFingers.prepare(4, 2);
        try (FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment mexico = new FederatedDeployment(root, "mx-inm");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp")) {
            Map<String, Object> canadaAgreement = agreement(List.of("lookout"), List.of("identify"), "reference-id", List.of());
            canadaAgreement.put("max_results", 1);
            canadaAgreement.put("rate_limit_per_minute", 3);
            Map<String, Object> mexicoAgreement = agreement(List.of("lookout"), List.of("identify"), "hit/no-hit", List.of());
            mexicoAgreement.put("yearly_quota", 2);
            Map<String, Object>[] partners = partners(canada.asPartner(canadaAgreement), mexico.asPartner(mexicoAgreement));
            us.start(partners);
            // two enrollments of the same finger: both match, the agreement lets one through
            us.enroll("lookout", "US-1", 2, Map.of());
            us.enroll("lookout", "US-2", 2, Map.of());

            PartnerMatchingGrpc.PartnerMatchingBlockingStub asCanada = us.partnerCallAs(canada.identity);
            PartnerIdentifyResponse capped = asCanada.identify(query(us, 2).toBuilder().setMaxResults(50).build());
            assertThat(capped.getGalleries(0).getHitsList()).hasSize(1);
            asCanada.identify(query(us, 2));
            asCanada.identify(query(us, 2));
            assertRefused(() -> asCanada.identify(query(us, 2)), "partner 'ca-cbsa' is over its agreed rate of 3 queries a minute");

            PartnerMatchingGrpc.PartnerMatchingBlockingStub asMexico = us.partnerCallAs(mexico.identity);
            asMexico.identify(query(us, 2));
            asMexico.identify(query(us, 2));
            assertRefused(() -> asMexico.identify(query(us, 2)), "partner 'mx-inm' has used its yearly quota of 2 queries");

            us.stop();
            us.start(partners);
            PartnerMatchingGrpc.PartnerMatchingBlockingStub afterRestart = us.partnerCallAs(mexico.identity);
            assertRefused(() -> afterRestart.identify(query(us, 2)), "has used its yearly quota of 2 queries");
            assertThat(us.auditLines()).anySatisfy(line -> assertThat(line).contains("\"partner\":\"mx-inm\"",
                    "\"status\":\"RESOURCE_EXHAUSTED\"", "yearly quota"));
        }
    }

    @Test
    void aLocalCallerNeedsAGrantOnEachPartnerGalleryItNames() throws Exception {
        GeneratedFingers.prepare(3, 2);
        Principal booth = Principal.withToken("cbsa-booth", "CBSA", "lookout-ca=verify");
        Principal officer = Principal.withToken("cbsa-officer", "CBSA", "lookout-ca=verify", "us-cbp:lookout=verify");
        Principal loader = Principal.withToken("loader", "CBSA", "*=enroll,operator");
        Path accessFile = root.resolve("access.json");
        new ObjectMapper().writeValue(accessFile.toFile(),
                Map.of("principals", List.of(booth.json(), officer.json(), loader.json())));
        try (FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp")) {
            us.start(canada.asPartner(agreement(List.of("lookout"), List.of("identify"), "hit/no-hit", List.of())));
            us.enroll("lookout", "US-1", 2, Map.of());
            canada.start(AccessFile.load(accessFile), us.asPartner(null));

            FederatedIdentifyRequest request = FederatedIdentifyRequest.newBuilder().addGalleries("us-cbp:lookout")
                    .addProbe(GeneratedFingers.sample(2, 1)).setPurpose("BORDER-ENTRY").build();
            assertThatThrownBy(() -> federatedAs(canada, booth).identify(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                        assertThat(e.getStatus().getDescription())
                                .contains("caller 'cbsa-booth' (agency CBSA) lacks the verify role on gallery 'us-cbp:lookout'");
                    });
            assertThat(us.auditLines()).as("nothing left Canada").noneMatch(line -> line.contains("inbound"));
            assertThat(federatedAs(canada, officer).identify(request).getHitsCount()).isEqualTo(1);
        }
    }

    private static FederatedMatchingGrpc.FederatedMatchingBlockingStub federatedAs(FederatedDeployment deployment,
                                                                                    Principal principal) {
        return FederatedMatchingGrpc.newBlockingStub(deployment.localAs(principal.token()));
    }

    private static PartnerIdentifyRequest query(FederatedDeployment answering, int finger) {
        return PartnerIdentifyRequest.newBuilder().addGalleries("lookout")
                .addProbe(FederationTest.template(answering, finger)).setPurpose("BORDER-ENTRY")
                .setCorrelationId("limits").build();
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains(reason);
        });
    }

    @SafeVarargs
    private static Map<String, Object>[] partners(Map<String, Object>... entries) {
        return entries;
    }
}
