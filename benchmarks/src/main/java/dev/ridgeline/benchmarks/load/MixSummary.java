package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;
import dev.ridgeline.benchmarks.evaluation.ModalityOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a mixed-load run (a soak) reports: per-operation throughput, latency and errors, and the
 * service's heap after GC over the run. The RESULT line starts with the keys of a single-operation
 * run (operation=mix, over all calls), then the mix, per-operation keys and the heap keys.
 *
 * @param bytesPerTemplate heap per template measured at the fill, NaN when not measured
 * @param heap             samples of the service's heap after GC, empty when not sampled
 */
record MixSummary(OperationMix mix, ModalityOption modality, long gallerySubjects, int clients,
                  Map<Operation, LoadRun.Outcome> outcomes, double bytesPerTemplate, List<HeapSampler.Sample> heap) {

    LoadRun.Outcome total() {
        return LoadRun.Outcome.combined(outcomes.values(), outcomes.values().iterator().next().seconds());
    }

    /** Heap growth from the first to the last sample, NaN without two samples. */
    double heapGrowthBytes() {
        return heap.size() < 2 ? Double.NaN : heap.getLast().bytes() - heap.getFirst().bytes();
    }

    /** Growth the subjects enrolled during the run do not account for: what a leak would show as. */
    double unexplainedHeapGrowthBytes() {
        LoadRun.Outcome enrolls = outcomes.get(Operation.ENROLL);
        long enrolled = enrolls == null ? 0 : enrolls.latencyMicros().getTotalCount();
        return heapGrowthBytes() - (enrolled == 0 ? 0 : enrolled * bytesPerTemplate);
    }

    Figures figures() {
        LoadRun.Outcome total = total();
        Figures figures = new Figures();
        figures.row("mix", mix.toString());
        figures.row("operations (measured window)", total.operations() + " in " + RunSummary.number(total.seconds(), 1) + " s");
        outcomes.forEach((operation, outcome) -> figures.row(name(operation), RunSummary.number(
                outcome.operationsPerSecond(), 1) + " ops/s, p50 " + RunSummary.millis(outcome.latencyMicros(), 50)
                + " / p99 " + RunSummary.millis(outcome.latencyMicros(), 99) + " ms, errors " + RunSummary.errors(outcome)));
        figures.row("errors", RunSummary.errors(total));
        figures.row("heap after GC (MB)", heap.isEmpty() ? "not sampled (bench did not start the service)"
                : heap.stream().map(s -> String.format(Locale.ROOT, "%.0fs:%.1f", s.seconds(), s.bytes() / 1e6))
                        .collect(Collectors.joining(" ")));
        figures.row("heap growth / not explained by enrollments", megabytes(heapGrowthBytes()) + " / "
                + megabytes(unexplainedHeapGrowthBytes()) + " MB");
        figures.result("operation", "mix");
        figures.result("modality", modality.name().toLowerCase(Locale.ROOT));
        figures.result("gallery", gallerySubjects);
        figures.result("clients", clients);
        figures.result("ops_per_s", RunSummary.number(total.operationsPerSecond(), 1));
        figures.result("p50_ms", RunSummary.millis(total.latencyMicros(), 50));
        figures.result("p99_ms", RunSummary.millis(total.latencyMicros(), 99));
        figures.result("errors", total.errorCount());
        figures.result("bytes_per_template", RunSummary.number(bytesPerTemplate, 0));
        figures.result("mix", mix.toString());
        figures.result("duration_s", RunSummary.number(total.seconds(), 1));
        figures.result("operations", total.operations());
        outcomes.forEach((operation, outcome) -> {
            figures.result(name(operation) + "_ops_per_s", RunSummary.number(outcome.operationsPerSecond(), 1));
            figures.result(name(operation) + "_p99_ms", RunSummary.millis(outcome.latencyMicros(), 99));
            figures.result(name(operation) + "_errors", outcome.errorCount());
        });
        figures.result("heap_samples", heap.size());
        figures.result("heap_first_mb", megabytes(heap.isEmpty() ? Double.NaN : heap.getFirst().bytes()));
        figures.result("heap_last_mb", megabytes(heap.isEmpty() ? Double.NaN : heap.getLast().bytes()));
        figures.result("heap_growth_mb", megabytes(heapGrowthBytes()));
        figures.result("heap_growth_unexplained_mb", megabytes(unexplainedHeapGrowthBytes()));
        return figures;
    }

    private static String name(Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    private static String megabytes(double bytes) {
        return RunSummary.number(bytes / 1e6, 1);
    }
}
