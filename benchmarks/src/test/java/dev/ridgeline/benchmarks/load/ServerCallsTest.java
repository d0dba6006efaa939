package dev.ridgeline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCallsTest {

    private static final String METHOD = "ridgeline.v1.Matching/Verify";

    private static PrometheusText scrape(int okBelow1ms, int okBelow2ms, int notFound) {
        String m = "method=\"" + METHOD + "\"";
        return PrometheusText.parse("""
                # HELP ridgeline_grpc_server_calls_seconds gRPC calls by method and status code
                # TYPE ridgeline_grpc_server_calls_seconds histogram
                ridgeline_grpc_server_calls_seconds_bucket{code="OK",%1$s,le="0.001"} %2$d
                ridgeline_grpc_server_calls_seconds_bucket{code="OK",%1$s,le="0.002"} %3$d
                ridgeline_grpc_server_calls_seconds_bucket{code="OK",%1$s,le="+Inf"} %3$d
                ridgeline_grpc_server_calls_seconds_count{code="OK",%1$s} %3$d
                ridgeline_grpc_server_calls_seconds_count{code="NOT_FOUND",%1$s} %4$d
                ridgeline_grpc_server_calls_seconds_count{code="OK",method="ridgeline.v1.Matching/Identify"} 99
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E6
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E6
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 7.0E6
                """.formatted(m, okBelow1ms, okBelow1ms + okBelow2ms, notFound));
    }

    @Test
    void countsOnlyTheCallsBetweenTheScrapes() {
        ServerCalls calls = ServerCalls.between(scrape(10, 0, 1), scrape(60, 50, 3), METHOD);
        assertThat(calls.callsByCode()).containsExactlyInAnyOrderEntriesOf(Map.of("OK", 100.0, "NOT_FOUND", 2.0));
        assertThat(calls.ok()).isEqualTo(100);
        assertThat(calls.total()).isEqualTo(102);
    }

    @Test
    void percentilesInterpolateWithinTheBucketThatHoldsThem() {
        // In the window: 50 calls up to 1 ms, 50 between 1 and 2 ms.
        ServerCalls calls = ServerCalls.between(scrape(10, 0, 0), scrape(60, 50, 0), METHOD);
        assertThat(calls.percentileMillis(50)).isCloseTo(1.0, within(1e-9));
        assertThat(calls.percentileMillis(25)).isCloseTo(0.5, within(1e-9));
        assertThat(calls.percentileMillis(99)).isCloseTo(1.98, within(1e-9));
    }

    @Test
    void sumsTheSamplesWhoseLabelsMatch() {
        PrometheusText text = scrape(0, 0, 0);
        assertThat(text.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isEqualTo(3.5e6);
        assertThat(text.sum("no_such_metric", Map.of())).isNaN();
    }
}
