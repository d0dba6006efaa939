package dev.ridgeline.benchmarks;

import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.TopK;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The last step of a 1:N search, in microseconds: merging each shard's best-first top-K list into
 * the gallery's top K, as {@code Gallery.identify} does with the engine's {@link TopK}, beside
 * concatenating every list and sorting it. Scores are on a 0.1 grid so that equal scores occur
 * and the tie-break on subject id is exercised.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TopKMergeBenchmark {

    @Param({"2", "8", "32"})
    int shards;

    @Param({"10", "100"})
    int k;

    private List<List<SubjectScore>> shardResults;

    @Setup(Level.Trial)
    public void rankShards() {
        SplittableRandom random = new SplittableRandom(5);
        shardResults = new ArrayList<>(shards);
        for (int shard = 0; shard < shards; shard++) {
            TopK shardTop = new TopK(k);
            for (int i = 0; i < k; i++) {
                shardTop.offer(new SubjectScore("S" + shard + "-" + i, random.nextInt(1000) / 10.0, List.of()));
            }
            shardResults.add(shardTop.ranked());
        }
    }

    /** Baseline: every shard's list in one, sorted by rank, the first k kept. */
    @Benchmark
    public List<SubjectScore> concatenateAndSort() {
        List<SubjectScore> all = new ArrayList<>(shards * k);
        shardResults.forEach(all::addAll);
        all.sort(SubjectScore::compareRank);
        return all.subList(0, Math.min(k, all.size()));
    }

    /** The gallery's merge: one {@link TopK} of size k offered every shard's list, then ranked. */
    @Benchmark
    public List<SubjectScore> topKMerge() {
        TopK merged = new TopK(k);
        for (List<SubjectScore> shardResult : shardResults) {
            merged.offerAll(shardResult);
        }
        return merged.ranked();
    }

    List<List<SubjectScore>> shardResults() {
        return shardResults;
    }
}
