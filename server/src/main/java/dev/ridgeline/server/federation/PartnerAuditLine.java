package dev.ridgeline.server.federation;

import dev.ridgeline.server.audit.AuditRecord;
import dev.ridgeline.server.audit.JsonLine;
import java.time.Instant;
import java.util.List;

/**
 * One query between deployments, as each side audits it under the same correlation id. It holds
 * the probe only as its SHA-256, so a query can be matched across both sides' logs without either
 * keeping the template.
 *
 * @param direction   {@code inbound} (a partner asked this deployment) or {@code outbound} (this deployment asked a partner)
 * @param caller      the local caller an outbound query was made for; null inbound
 * @param disclosure  the disclosure level the answer was given under
 * @param results     hits returned (inbound) or received (outbound)
 * @param reason      why the query was refused or failed; null when it was answered
 */
record PartnerAuditLine(Instant time, String direction, String correlationId, String partner, String caller,
                        String agency, String peer, String operation, String purpose, List<String> galleries,
                        String disclosure, String probeSha256, int results, String status, String reason,
                        double latencyMs) implements AuditRecord {

    @Override
    public String toJson() {
        return new JsonLine()
                .field("time", time.toString())
                .field("federation", direction)
                .field("correlation_id", correlationId)
                .field("partner", partner)
                .field("caller", caller)
                .field("agency", agency)
                .field("peer", peer)
                .field("operation", operation)
                .field("purpose", purpose)
                .list("galleries", galleries)
                .field("disclosure", disclosure)
                .field("probe_sha256", probeSha256)
                .integer("results", results)
                .field("status", status)
                .field("reason", reason)
                .number("latency_ms", Math.round(latencyMs * 1000) / 1000.0)
                .toString();
    }
}
