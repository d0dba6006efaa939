package dev.ridgeline.server.audit;

import java.time.Instant;
import java.util.List;

/**
 * One audited call (or one item of a bulk stream): who asked what about which subjects, what came
 * back, with which decision, and how long it took. Identifiers and outcomes only: there is no
 * field an image, a template or an attribute value could go into.
 *
 * @param requested subject ids the request named
 * @param returned  subject ids the answer named (identification candidates above the threshold, or all asked for)
 * @param decision  {@code match} or {@code no_match} for a verification; null otherwise
 */
public record AuditLine(Instant time, String requestId, String caller, String agency, String peer, String operation,
                        String gallery, List<String> requested, List<String> returned, String decision, Double score,
                        Double threshold, String status, double latencyMs)
        implements AuditRecord {

    @Override
    public String toJson() {
        return new JsonLine()
                .field("time", time.toString())
                .field("request_id", requestId)
                .field("caller", caller)
                .field("agency", agency)
                .field("peer", peer)
                .field("operation", operation)
                .field("gallery", gallery)
                .list("subjects", requested)
                .list("returned", returned)
                .field("decision", decision)
                .number("score", score)
                .number("threshold", threshold)
                .field("status", status)
                .number("latency_ms", Math.round(latencyMs * 1000) / 1000.0)
                .toString();
    }
}
