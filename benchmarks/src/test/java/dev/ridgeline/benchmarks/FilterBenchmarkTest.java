package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roaringbitmap.RoaringBitmap;

class FilterBenchmarkTest {

    private static final int ROWS = 20_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.1, 1})
    void candidatesAreExactlyTheSelectedShareOfRows(double selectivity) {
        FilterBenchmark benchmark = new FilterBenchmark();
        benchmark.rows = ROWS;
        benchmark.selectivity = selectivity;
        benchmark.buildShard();

        RoaringBitmap candidates = benchmark.evaluateFilter();
        long expected = Math.round(ROWS * selectivity);
        assertThat(candidates.getLongCardinality()).isEqualTo(expected);
        assertThat(benchmark.columnScan()).isEqualTo(expected);
        long rowSum = IntStream.of(candidates.toArray()).asLongStream().sum();
        assertThat(benchmark.iterateCandidates()).isEqualTo(rowSum);
    }

    @Test
    void selectionIsExactAndScattered() {
        boolean[] chosen = FilterBenchmark.scatteredSelection(10_000, 100, new SplittableRandom(1));
        int[] rows = IntStream.range(0, chosen.length).filter(row -> chosen[row]).toArray();
        assertThat(rows).hasSize(100);
        assertThat(rows[rows.length - 1] - rows[0]).as("spread over the rows, not a block").isGreaterThan(5_000);
    }
}
