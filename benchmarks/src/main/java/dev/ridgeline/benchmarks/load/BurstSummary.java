package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a burst adds to a run's figures: N calls sent at once and answered within the burst's wall
 * time (first send to last answer), each timed from the burst's start. A service that shares its
 * cores among every call answers them all near the end (p50 close to the wall time); one that
 * serves them first come, first served answers half of them by mid-burst. Throughput is set
 * against the {@link TemplatingRate} measured in the same run.
 */
record BurstSummary(OpenLoopRun.Outcome burst, TemplatingRate templating) {

    double wallSeconds() {
        return burst.calls().seconds();
    }

    /**
     * Median latency of the successful calls over wall time: about 1 when every call finishes at the
     * end, about 0.5 first come, first served. Taken from the exact latencies, not the histogram's
     * buckets, so it cannot exceed 1.
     */
    double p50OverWall() {
        long[] answered = Arrays.stream(burst.latencyNanos()).filter(nanos -> nanos >= 0).sorted().toArray();
        return answered.length == 0 ? Double.NaN : OpenLoopSummary.percentile(answered, 0.5) / 1e9 / wallSeconds();
    }

    /** Successful calls per second of the burst. */
    double throughput() {
        return burst.calls().latencyMicros().getTotalCount() / wallSeconds();
    }

    double throughputRatio() {
        return throughput() / templating.perSecond();
    }

    void addTo(Figures figures) {
        figures.row("templating rate (cores / single-call time)", RunSummary.number(templating.perSecond(), 1)
                + " calls/s = 1 / " + RunSummary.number(templating.meanCallMicros() / 1000, 3) + " ms x "
                + templating.cores() + " cores (" + templating.coresSource() + ")");
        figures.row("burst", burst.latencyNanos().length + " calls sent at once, last answered after "
                + RunSummary.number(wallSeconds() * 1000, 1) + " ms");
        figures.row("burst: per-call latency in send order (ms)", Arrays.stream(burst.latencyNanos())
                .mapToObj(nanos -> nanos < 0 ? "failed" : RunSummary.number(nanos / 1e6, 1))
                .collect(Collectors.joining(" ")));
        figures.row("burst: p50 / wall", RunSummary.number(p50OverWall(), 3));
        figures.row("burst: throughput / templating rate", RunSummary.number(throughput(), 1) + " / "
                + RunSummary.number(templating.perSecond(), 1) + " = " + RunSummary.number(throughputRatio(), 3));
        figures.result("mode", "burst");
        figures.result("burst", burst.latencyNanos().length);
        figures.result("burst_wall_ms", RunSummary.number(wallSeconds() * 1000, 3));
        figures.result("burst_p50_over_wall", RunSummary.number(p50OverWall(), 3));
        figures.result("burst_throughput_ratio", RunSummary.number(throughputRatio(), 3));
        figures.result("templating_rate", RunSummary.number(templating.perSecond(), 1));
        figures.result("single_call_ms", RunSummary.number(templating.meanCallMicros() / 1000, 3));
        figures.result("cores", templating.cores());
    }
}
