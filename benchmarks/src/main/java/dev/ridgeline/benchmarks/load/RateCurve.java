package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Latency against offered rate from a sweep of open-loop runs, lowest rate first: below capacity
 * p99 stays near the service time; past it the queue grows through the run and p99 bends up while
 * the achieved rate stops following the offered one.
 */
record RateCurve(List<OpenLoopRun.Outcome> runs) {

    private static final String COLUMNS = "%10s %10s %10s %10s %8s";

    void addTo(Figures figures) {
        figures.row("latency vs rate:   rate/s", String.format(Locale.ROOT, COLUMNS, "achieved/s", "p50 ms", "p99 ms",
                "p99.9 ms", "errors"));
        for (OpenLoopRun.Outcome run : runs) {
            Histogram latency = run.calls().latencyMicros();
            figures.row(String.format(Locale.ROOT, "%25s", OpenLoopSummary.rate(run.schedule().ratePerSecond())),
                    String.format(Locale.ROOT, COLUMNS, RunSummary.number(run.achievedRate(), 1),
                            RunSummary.millis(latency, 50), RunSummary.millis(latency, 99),
                            RunSummary.millis(latency, 99.9), run.calls().errorCount()));
        }
        figures.result("curve", curve());
    }

    /** {@code rate:achieved:p50_ms:p99_ms} per run, joined by slashes (RESULT values hold no spaces or commas). */
    String curve() {
        return runs.stream().map(run -> String.join(":", OpenLoopSummary.rate(run.schedule().ratePerSecond()),
                        RunSummary.number(run.achievedRate(), 1), RunSummary.millis(run.calls().latencyMicros(), 50),
                        RunSummary.millis(run.calls().latencyMicros(), 99)))
                .collect(Collectors.joining("/"));
    }
}
