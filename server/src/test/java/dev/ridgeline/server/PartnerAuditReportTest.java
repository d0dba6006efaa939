package dev.ridgeline.server;

import static dev.ridgeline.server.FederatedDeployment.agreement;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.server.federation.PartnerAuditReport;
import dev.ridgeline.server.federation.PartnerAuditReport.Activity;
import dev.ridgeline.server.federation.PartnerAuditReport.Direction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `audit partners`: each side's report of the same queries, read from its own audit log, agrees with the other's. */
class PartnerAuditReportTest {

    @TempDir
    Path root;

    @Test
    void bothSidesReportTheSameQueriesFromTheirOwnLogs() throws Exception {
        GeneratedFingers.prepare(4, 2);
        Instant before = Instant.now();
        try (FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp")) {
            us.start(canada.asPartner(agreement(List.of("lookout"), List.of("identify"), "hit/no-hit", List.of())));
            us.enroll("lookout", "US-1", 2, Map.of());
            canada.start(us.asPartner(null));
            for (int finger : new int[] {2, 3}) {
                canada.federated().identify(query(finger, "BORDER-ENTRY"));
            }
            canada.federated().identify(query(2, "TOURISM"));

            Direction expected = new Direction(3, 2, 1, Map.of("PERMISSION_DENIED", 1L),
                    Map.of("BORDER-ENTRY", 2L, "TOURISM", 1L), Map.of("lookout", 3L));
            List<Activity> atUs = FederationTest.await(() -> PartnerAuditReport.read(us.auditDirectory(), before),
                    report -> !report.isEmpty() && report.get(0).askedOfUs().queries() == 3);
            assertThat(atUs).containsExactly(new Activity("ca-cbsa", expected, Direction.NONE));
            List<Activity> atCanada = FederationTest.await(() -> PartnerAuditReport.read(canada.auditDirectory(), before),
                    report -> !report.isEmpty() && report.get(0).weAsked().queries() == 3);
            assertThat(atCanada).containsExactly(new Activity("us-cbp", Direction.NONE, expected));
            assertThat(PartnerAuditReport.render(atCanada, before)).contains("us-cbp\n",
                    "we asked of it: 3 queries: 2 answered (1 hit), 1 PERMISSION_DENIED; purposes BORDER-ENTRY 2, TOURISM 1;"
                            + " galleries lookout 3");
            assertThat(PartnerAuditReport.read(us.auditDirectory(), Instant.now().plus(Duration.ofDays(1)))).isEmpty();
        }
    }

    private static FederatedIdentifyRequest query(int finger, String purpose) {
        return FederatedIdentifyRequest.newBuilder().addGalleries("us-cbp:lookout")
                .addProbe(GeneratedFingers.sample(finger, 1)).setPurpose(purpose).build();
    }
}
