package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;
import dev.ridgeline.benchmarks.evaluation.ModalityOption;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What a run reports: figures for people and the RESULT line for machines, its keys in the order
 * operators' scripts expect (operation, modality, gallery, clients, ops_per_s, p50_ms, p99_ms,
 * errors, bytes_per_template), then extra keys.
 *
 * @param gallerySubjects    subjects in the gallery when the measured run began
 * @param measuredBytes      heap per enrolled template measured after full GCs, NaN when not measured
 * @param estimatedBytes     the engine's own estimate from the metrics, NaN when unavailable
 * @param serverCalls        the service's view of the measured window, null without metrics
 */
record RunSummary(Operation operation, ModalityOption modality, long gallerySubjects, int clients,
                  LoadRun.Outcome outcome, double measuredBytes, double estimatedBytes, ServerCalls serverCalls) {

    Figures figures() {
        Histogram latency = outcome.latencyMicros();
        Figures figures = new Figures();
        figures.row("operations (measured window)", outcome.operations() + " in " + number(outcome.seconds(), 1) + " s");
        figures.row("throughput", number(outcome.operationsPerSecond(), 1) + " ops/s");
        figures.row("latency p50 / p90 / p99 / p99.9 / max", String.join(" / ", millis(latency, 50),
                millis(latency, 90), millis(latency, 99), millis(latency, 99.9), millis(latency, 100)) + " ms");
        figures.row("errors", errors(outcome));
        if (operation != Operation.ENROLL) {
            figures.row("match decisions", outcome.matches() + " of " + latency.getTotalCount());
        }
        if (serverCalls != null) {
            figures.row("server: calls (OK / all)", number(serverCalls.ok(), 0) + " / " + number(serverCalls.total(), 0));
            figures.row("server: latency p50 / p99 (from its buckets)", number(serverCalls.percentileMillis(50), 3)
                    + " / " + number(serverCalls.percentileMillis(99), 3) + " ms");
        }
        figures.row("memory per template: measured (heap after GC)",
                Double.isNaN(measuredBytes) ? "not measured (bench did not start the service)" : number(measuredBytes, 0) + " B");
        figures.row("memory per template: engine estimate", number(estimatedBytes, 0) + " B");
        figures.result("operation", operation.name().toLowerCase(Locale.ROOT));
        figures.result("modality", modality.name().toLowerCase(Locale.ROOT));
        figures.result("gallery", gallerySubjects);
        figures.result("clients", clients);
        figures.result("ops_per_s", number(outcome.operationsPerSecond(), 1));
        figures.result("p50_ms", millis(latency, 50));
        figures.result("p99_ms", millis(latency, 99));
        figures.result("errors", outcome.errorCount());
        figures.result("bytes_per_template", number(Double.isNaN(measuredBytes) ? estimatedBytes : measuredBytes, 0));
        figures.result("p90_ms", millis(latency, 90));
        figures.result("p999_ms", millis(latency, 99.9));
        figures.result("max_ms", millis(latency, 100));
        figures.result("duration_s", number(outcome.seconds(), 1));
        figures.result("operations", outcome.operations());
        if (operation != Operation.ENROLL) {
            figures.result("matches", outcome.matches());
        }
        figures.result("memory_source", Double.isNaN(measuredBytes) ? "estimate" : "measured");
        figures.result("estimated_bytes_per_template", number(estimatedBytes, 0));
        if (serverCalls != null) {
            figures.result("server_calls", number(serverCalls.total(), 0));
            figures.result("server_p50_ms", number(serverCalls.percentileMillis(50), 3));
            figures.result("server_p99_ms", number(serverCalls.percentileMillis(99), 3));
        }
        return figures;
    }

    /** "0", or the count and the count per status code. */
    static String errors(LoadRun.Outcome outcome) {
        return outcome.errorCount() == 0 ? "0" : outcome.errorCount() + " (" + outcome.errors().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")) + ")";
    }

    /** Latency at a percentile in ms (from microseconds); "nan" with no successful call. */
    static String millis(Histogram latencyMicros, double percentile) {
        if (latencyMicros.getTotalCount() == 0) {
            return "nan";
        }
        long micros = percentile >= 100 ? latencyMicros.getMaxValue() : latencyMicros.getValueAtPercentile(percentile);
        return number(micros / 1000.0, 3);
    }

    /** Plain digits, no grouping, a dot for decimals; "nan" for NaN. */
    static String number(double value, int decimals) {
        return Double.isNaN(value) ? "nan" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
