package dev.ridgeline.benchmarks.load;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the service's own call timer ({@code ridgeline_grpc_server_calls_seconds}) saw of one method
 * between two scrapes: the calls by status code and their latency from the cumulative histogram
 * buckets, interpolated within a bucket, so an operator can set it beside the client's figures.
 */
record ServerCalls(Map<String, Double> callsByCode, NavigableMap<Double, Double> cumulativeBySeconds) {

    static final String TIMER = "ridgeline_grpc_server_calls_seconds";

    /** Sums over the other labels (the service also labels calls by modality). */
    static ServerCalls between(PrometheusText before, PrometheusText after, String method) {
        Map<String, Double> calls = new TreeMap<>();
        for (PrometheusText.Sample sample : after.samples(TIMER + "_count", Map.of("method", method))) {
            String code = sample.labels().get("code");
            calls.computeIfAbsent(code, c -> increase(before, after, TIMER + "_count", Map.of("method", method, "code", c)));
        }
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (PrometheusText.Sample bucket : after.samples(TIMER + "_bucket", Map.of("method", method, "code", "OK"))) {
            String le = bucket.labels().get("le");
            cumulative.computeIfAbsent(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                    bound -> increase(before, after, TIMER + "_bucket", Map.of("method", method, "code", "OK", "le", le)));
        }
        return new ServerCalls(calls, cumulative);
    }

    private static double increase(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        double earlier = before.sum(name, labels);
        return after.sum(name, labels) - (Double.isNaN(earlier) ? 0 : earlier);
    }

    double total() {
        return callsByCode.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double ok() {
        return callsByCode.getOrDefault("OK", 0.0);
    }

    /** Latency of successful calls at {@code percentile} (0-100) in ms; NaN without buckets or calls. */
    double percentileMillis(double percentile) {
        if (cumulativeBySeconds.isEmpty()) {
            return Double.NaN;
        }
        double count = cumulativeBySeconds.lastEntry().getValue();
        if (count <= 0) {
            return Double.NaN;
        }
        double rank = percentile / 100 * count;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulativeBySeconds.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound * 1000;
                }
                double inBucket = bucket.getValue() - lowerCount;
                double share = inBucket == 0 ? 1 : (rank - lowerCount) / inBucket;
                return (lowerBound + share * (bucket.getKey() - lowerBound)) * 1000;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return Double.NaN;
    }
}
