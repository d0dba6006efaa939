package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.benchmarks.evaluation.Figures;
import org.junit.jupiter.api.Test;

class ClusterSearchesTest {

    /** A member's two search timers after {@code searches} searches: members took 2-4 ms, the cluster added under 1 ms. */
    private static PrometheusText scrape(int searches) {
        return PrometheusText.parse("""
                ridgeline_cluster_search_member_seconds_bucket{le="0.002"} 0
                ridgeline_cluster_search_member_seconds_bucket{le="0.004"} %1$d
                ridgeline_cluster_search_member_seconds_bucket{le="+Inf"} %1$d
                ridgeline_cluster_search_member_seconds_count %1$d
                ridgeline_cluster_search_overhead_seconds_bucket{le="0.001"} %1$d
                ridgeline_cluster_search_overhead_seconds_bucket{le="+Inf"} %1$d
                ridgeline_cluster_search_overhead_seconds_count %1$d
                """.formatted(searches));
    }

    @Test
    void theSlowestMembersSearchAndTheClustersShareAreReportedApart() {
        Figures figures = new Figures();
        ClusterSearches.between(scrape(10), scrape(110)).orElseThrow().addTo(figures);

        assertThat(figures.resultLine()).contains("cluster_searches=100", "cluster_member_search_p50_ms=3.000",
                "cluster_overhead_p50_ms=0.500");
        assertThat(figures.rows().get("cluster: fan-out and merge p50 / p99")).isEqualTo("0.500 / 0.990 ms");
    }

    @Test
    void aServiceThatIsNoClusterMemberOrSearchedNothingAddsNothing() {
        PrometheusText single = PrometheusText.parse("ridgeline_grpc_server_calls_seconds_count{code=\"OK\"} 5\n");
        assertThat(ClusterSearches.between(single, single)).isEmpty();
        assertThat(ClusterSearches.between(scrape(10), scrape(10))).isEmpty();
    }
}
