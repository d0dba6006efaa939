package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;
import dev.ridgeline.benchmarks.evaluation.Progress;
import io.grpc.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.HdrHistogram.Histogram;

/**
 * An identify run beside its reference: the same probes searched exhaustively
 * ({@code IdentifyRequest.exhaustive}, every candidate scored exactly), one call at a time from one
 * client after the measured window. The service already spreads one search over every core (a shard
 * each), so one client is what exhaustive search can do; a second would only queue behind the first.
 *
 * @param twoStage   the measured window of default (two-stage) searches
 * @param exhaustive the exhaustive calls, timed end to end
 */
record ExhaustiveComparison(LoadRun.Outcome twoStage, LoadRun.Outcome exhaustive) {

    /** An exhaustive search of a million fingers takes about a minute on two cores. */
    static final long DEADLINE_SECONDS = TimeUnit.MINUTES.toSeconds(10);

    /** Makes {@code calls} exhaustive identify calls, cycling through the probes from the first. */
    static LoadRun.Outcome measure(Channel channel, String gallery, List<Probe> probes, int calls) {
        BoothCall identify = BoothCall.identify(channel, gallery, true, DEADLINE_SECONDS);
        Tally tally = new Tally();
        long started = System.nanoTime();
        try (ProgressBar bar = Progress.bar("exhaustive identify", calls)) {
            for (int call = 0; call < calls; call++) {
                tally.call(identify, probes.get(call % probes.size()));
                bar.step();
            }
        }
        return tally.outcome((System.nanoTime() - started) / 1e9);
    }

    /** Rows for people, and RESULT keys after the run's own. */
    void addTo(Figures figures) {
        Histogram latency = exhaustive.latencyMicros();
        double speedup = p50Micros(latency) / p50Micros(twoStage.latencyMicros());
        double throughputRatio = exhaustive.operationsPerSecond() > 0
                ? twoStage.operationsPerSecond() / exhaustive.operationsPerSecond() : Double.NaN;
        figures.row("exhaustive identify (one client)", exhaustive.operations() + " calls in "
                + RunSummary.number(exhaustive.seconds(), 1) + " s, "
                + RunSummary.number(exhaustive.operationsPerSecond(), 3) + " ops/s");
        figures.row("exhaustive: latency p50 / p99 / max", String.join(" / ", RunSummary.millis(latency, 50),
                RunSummary.millis(latency, 99), RunSummary.millis(latency, 100)) + " ms");
        figures.row("exhaustive: errors", RunSummary.errors(exhaustive));
        figures.row("exhaustive: match decisions", exhaustive.matches() + " of " + latency.getTotalCount());
        figures.row("speedup (exhaustive p50 / two-stage p50)", RunSummary.number(speedup, 1) + "x");
        figures.row("throughput (two-stage / exhaustive)", RunSummary.number(throughputRatio, 1) + "x");
        figures.result("exhaustive_p50_ms", RunSummary.millis(latency, 50));
        figures.result("exhaustive_p99_ms", RunSummary.millis(latency, 99));
        figures.result("speedup", RunSummary.number(speedup, 2));
        figures.result("exhaustive_ops_per_s", RunSummary.number(exhaustive.operationsPerSecond(), 3));
        figures.result("throughput_ratio", RunSummary.number(throughputRatio, 2));
        figures.result("exhaustive_calls", exhaustive.operations());
        figures.result("exhaustive_errors", exhaustive.errorCount());
        figures.result("exhaustive_matches", exhaustive.matches());
    }

    /** NaN without a successful call, so the ratios print as nan. */
    private static double p50Micros(Histogram latencyMicros) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(50);
    }
}
