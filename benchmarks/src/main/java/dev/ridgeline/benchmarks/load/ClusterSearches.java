package dev.ridgeline.benchmarks.load;

import dev.ridgeline.benchmarks.evaluation.Figures;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster member's view of the searches it asked the cluster for between two scrapes: the
 * slowest member's own search, and what the cluster added to it (sealing the probe, fan-out,
 * waiting, merging). Only a cluster member exports these timers.
 */
record ClusterSearches(HistogramWindow memberSearch, HistogramWindow overhead) {

    static final String MEMBER_SEARCH = "ridgeline_cluster_search_member_seconds";
    static final String OVERHEAD = "ridgeline_cluster_search_overhead_seconds";

    /** Empty when the service is not a cluster member or asked for no search in the window. */
    static Optional<ClusterSearches> between(PrometheusText before, PrometheusText after) {
        ClusterSearches searches = new ClusterSearches(HistogramWindow.between(before, after, MEMBER_SEARCH, Map.of()),
                HistogramWindow.between(before, after, OVERHEAD, Map.of()));
        return searches.memberSearch.count() > 0 ? Optional.of(searches) : Optional.empty();
    }

    void addTo(Figures figures) {
        String searchP50 = RunSummary.number(memberSearch.percentileMillis(50), 3);
        String searchP99 = RunSummary.number(memberSearch.percentileMillis(99), 3);
        String overheadP50 = RunSummary.number(overhead.percentileMillis(50), 3);
        String overheadP99 = RunSummary.number(overhead.percentileMillis(99), 3);
        figures.row("cluster: slowest member's search p50 / p99", searchP50 + " / " + searchP99 + " ms");
        figures.row("cluster: fan-out and merge p50 / p99", overheadP50 + " / " + overheadP99 + " ms");
        figures.result("cluster_searches", RunSummary.number(memberSearch.count(), 0));
        figures.result("cluster_member_search_p50_ms", searchP50);
        figures.result("cluster_member_search_p99_ms", searchP99);
        figures.result("cluster_overhead_p50_ms", overheadP50);
        figures.result("cluster_overhead_p99_ms", overheadP99);
    }
}
