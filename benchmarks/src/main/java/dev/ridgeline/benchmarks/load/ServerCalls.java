package dev.ridgeline.benchmarks.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the service's own call timer ({@code ridgeline_grpc_server_calls_seconds}) saw of one method
 * between two scrapes: the calls by status code, and the latency of the successful ones from the
 * timer's buckets, so an operator can set it beside the client's figures.
 */
record ServerCalls(Map<String, Double> callsByCode, HistogramWindow latency) {

    static final String TIMER = "ridgeline_grpc_server_calls_seconds";

    /** Sums over the other labels (the service also labels calls by modality). */
    static ServerCalls between(PrometheusText before, PrometheusText after, String method) {
        Map<String, Double> calls = new TreeMap<>();
        for (PrometheusText.Sample sample : after.samples(TIMER + "_count", Map.of("method", method))) {
            String code = sample.labels().get("code");
            calls.computeIfAbsent(code, c -> HistogramWindow.increase(before, after, TIMER + "_count",
                    Map.of("method", method, "code", c)));
        }
        return new ServerCalls(calls, HistogramWindow.between(before, after, TIMER, Map.of("method", method, "code", "OK")));
    }

    double total() {
        return callsByCode.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double ok() {
        return callsByCode.getOrDefault("OK", 0.0);
    }

    /** Latency of successful calls at {@code percentile} (0-100) in ms; NaN without buckets or calls. */
    double percentileMillis(double percentile) {
        return latency.percentileMillis(percentile);
    }
}
