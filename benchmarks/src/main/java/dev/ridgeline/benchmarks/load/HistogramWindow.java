package dev.ridgeline.benchmarks.load;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One Prometheus histogram's observations between two scrapes, as cumulative counts by bucket
 * bound in seconds; percentiles are interpolated within the bucket that holds them.
 */
record HistogramWindow(NavigableMap<Double, Double> cumulativeBySeconds) {

    /** The buckets of {@code histogram} whose labels include {@code labels}, summed over the others. */
    static HistogramWindow between(PrometheusText before, PrometheusText after, String histogram, Map<String, String> labels) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (PrometheusText.Sample bucket : after.samples(histogram + "_bucket", labels)) {
            String le = bucket.labels().get("le");
            Map<String, String> withBound = new HashMap<>(labels);
            withBound.put("le", le);
            cumulative.computeIfAbsent(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                    bound -> increase(before, after, histogram + "_bucket", withBound));
        }
        return new HistogramWindow(cumulative);
    }

    /** How much a counter (summed over the samples matching {@code labels}) grew between the scrapes. */
    static double increase(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        double earlier = before.sum(name, labels);
        return after.sum(name, labels) - (Double.isNaN(earlier) ? 0 : earlier);
    }

    double count() {
        return cumulativeBySeconds.isEmpty() ? 0 : cumulativeBySeconds.lastEntry().getValue();
    }

    /** The observation at {@code percentile} (0-100) in ms; NaN without buckets or observations. */
    double percentileMillis(double percentile) {
        double count = count();
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
