package dev.ridgeline.benchmarks.restart;

import static dev.ridgeline.benchmarks.ToolRuns.lastResult;
import static dev.ridgeline.benchmarks.ToolRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ridgeline restart} on one node in process, and on a cluster of member processes over a real PostgreSQL. */
class RestartCommandTest {

    private static final String[] SUBJECTS = {"--faces", "300", "--fingers", "20", "--finger-pool", "4"};

    @TempDir
    Path work;

    @Test
    void oneNodeReloadsEverySubjectFromItsStore() {
        Map<String, String> result = lastResult(run(restart(work.resolve("node"))));
        assertThat(result).containsEntry("operation", "restart").containsEntry("subjects", "320")
                .doesNotContainKey("members");
        assertThat(Double.parseDouble(result.get("load_s"))).isPositive();
    }

    @Test
    void aClusterColdStartsFromPostgresAndAKeptStoreStartsAgain() {
        Path kept = work.resolve("cluster");
        for (int run = 0; run < 2; run++) {
            // The second run finds the database filled and its store key kept beside it.
            Map<String, String> result = lastResult(run(restart(kept, "--members", "2")));
            assertThat(result).containsEntry("members", "2").containsEntry("subjects", "320");
            double listening = Double.parseDouble(result.get("listening_s"));
            assertThat(listening).isPositive();
            assertThat(Double.parseDouble(result.get("load_s"))).isGreaterThanOrEqualTo(listening);
            // Each member holds its share of the galleries, so its heap is measured, not zero.
            assertThat(Long.parseLong(result.get("member_heap_min_mb"))).isPositive();
            assertThat(Long.parseLong(result.get("member_heap_max_mb")))
                    .isGreaterThanOrEqualTo(Long.parseLong(result.get("member_heap_min_mb")));
        }
    }

    private static String[] restart(Path dataDirectory, String... options) {
        String[] args = new String[3 + SUBJECTS.length + options.length];
        args[0] = "restart";
        args[1] = "--data-dir";
        args[2] = dataDirectory.toString();
        System.arraycopy(SUBJECTS, 0, args, 3, SUBJECTS.length);
        System.arraycopy(options, 0, args, 3 + SUBJECTS.length, options.length);
        return args;
    }
}
