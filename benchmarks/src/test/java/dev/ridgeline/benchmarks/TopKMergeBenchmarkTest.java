package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.match.SubjectScore;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopKMergeBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"2, 10", "8, 100", "32, 10"})
    void mergeEqualsABruteForceSortOfEveryShardResult(int shards, int k) {
        TopKMergeBenchmark benchmark = new TopKMergeBenchmark();
        benchmark.shards = shards;
        benchmark.k = k;
        benchmark.rankShards();

        List<SubjectScore> all = benchmark.shardResults().stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(shards * k);
        List<SubjectScore> bruteForce = all.stream()
                .sorted(Comparator.comparingDouble(SubjectScore::score).reversed().thenComparing(SubjectScore::subjectId))
                .limit(k).toList();
        assertThat(benchmark.topKMerge()).containsExactlyElementsOf(bruteForce);
        assertThat(benchmark.concatenateAndSort()).containsExactlyElementsOf(bruteForce);
    }

    @Test
    void scoresTieSoTheMergeMustBreakTiesById() {
        TopKMergeBenchmark benchmark = new TopKMergeBenchmark();
        benchmark.shards = 8;
        benchmark.k = 100;
        benchmark.rankShards();
        List<SubjectScore> all = benchmark.shardResults().stream().flatMap(List::stream).toList();
        assertThat(all.stream().map(SubjectScore::score).distinct().count()).isLessThan(all.size());
    }
}
