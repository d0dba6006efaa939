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
                        Double threshold, String status, double latencyMs) {

    String toJson() {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", time.toString());
        field(json, "request_id", requestId);
        field(json, "caller", caller);
        field(json, "agency", agency);
        field(json, "peer", peer);
        field(json, "operation", operation);
        field(json, "gallery", gallery);
        list(json, "subjects", requested);
        list(json, "returned", returned);
        field(json, "decision", decision);
        number(json, "score", score);
        number(json, "threshold", threshold);
        field(json, "status", status);
        number(json, "latency_ms", Math.round(latencyMs * 1000) / 1000.0);
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value != null) {
            json.append('"').append(name).append("\":");
            quote(json, value);
            json.append(',');
        }
    }

    private static void number(StringBuilder json, String name, Double value) {
        if (value != null && Double.isFinite(value)) {
            json.append('"').append(name).append("\":").append(value).append(',');
        }
    }

    private static void list(StringBuilder json, String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        json.append('"').append(name).append("\":[");
        for (String value : values) {
            quote(json, value);
            json.append(',');
        }
        json.setLength(json.length() - 1);
        json.append("],");
    }

    /** JSON string escaping: quotes, backslashes and every control character. */
    static void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
