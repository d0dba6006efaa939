package dev.ridgeline.benchmarks;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.PairVoting;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Fingerprint 1:N scan, reported in comparisons per second: Ridgeline's exhaustive gallery search
 * (one shard on one thread, and every shard in parallel) beside plain SourceAFIS matching the same
 * templates in a tight loop, the baseline; and the two-stage search's first stage alone, scoring
 * every row by its minutia pairs. Whole two-stage searches at scale are measured by
 * {@code evaluate --layout generated} and {@code bench}, on distinct fingers.
 *
 * <p>The gallery holds {@code distinctFingers} generated fingers, repeated up to {@code gallerySize}
 * rows: the cost of a comparison depends on the templates, not on whether they repeat.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class FingerprintSearchBenchmark {

    private static final int GALLERY_SIZE = 5_000;

    @Param({"100"})
    int distinctFingers;

    private FingerprintTemplate[] rows;
    private int[][] rowPairs;
    private PairVoting.Scorer firstStage;
    private FingerprintMatcher baselineMatcher;
    private Probe probe;
    private Gallery oneShard;
    private Gallery allShards;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void buildGalleries() {
        GeneratedFingers fingers = new GeneratedFingers(7);
        List<TemplateEnvelope> envelopes = fingers.envelopes(distinctFingers, 0, 0);
        Matchable.Finger[] distinct = envelopes.stream().map(Matchable.Finger::of).toArray(Matchable.Finger[]::new);
        int cores = Runtime.getRuntime().availableProcessors();
        oneShard = new Gallery(new GalleryConfig("one-shard", 1, 1e-4, Instant.now()));
        allShards = new Gallery(new GalleryConfig("all-shards", cores, 1e-4, Instant.now()));
        rows = new FingerprintTemplate[GALLERY_SIZE];
        rowPairs = new int[GALLERY_SIZE][];
        for (int row = 0; row < GALLERY_SIZE; row++) {
            int finger = row % distinctFingers;
            rows[row] = distinct[finger].template();
            rowPairs[row] = distinct[finger].stored().pairs();
            SubjectRecord record = new SubjectRecord("S" + row, Map.of(), List.of(envelopes.get(finger)), Instant.now());
            List<Matchable> templates = List.of(distinct[finger]);
            oneShard.add(record, templates, false);
            allShards.add(record, templates, false);
        }
        oneShard.publishAll();
        allShards.publishAll();
        FingerprintTemplate probeTemplate = FingerprintTemplates.matchable(fingers.envelope(3, 1, 0));
        baselineMatcher = new FingerprintMatcher(probeTemplate);
        probe = Probe.ofFingers(List.of(new ProbeFinger(0, probeTemplate)));
        firstStage = probe.fingers().getFirst().pairs().scorer();
        pool = Executors.newFixedThreadPool(cores);
    }

    @TearDown(Level.Trial)
    public void stopPool() {
        pool.shutdownNow();
    }

    /** Baseline: SourceAFIS {@code FingerprintMatcher.match} over deserialized templates, one thread. */
    @Benchmark
    @OperationsPerInvocation(GALLERY_SIZE)
    public void plainSourceAfisLoop(Blackhole blackhole) {
        for (FingerprintTemplate row : rows) {
            blackhole.consume(baselineMatcher.match(row));
        }
    }

    /** The exhaustive 1:N scan of one shard on the calling thread: filter bitmap, deserialization, scoring, top-K. */
    @Benchmark
    @OperationsPerInvocation(GALLERY_SIZE)
    public Object galleryScanOneShard() {
        return oneShard.identify(probe, AttributeFilter.NONE, 10, SearchMode.EXHAUSTIVE, pool, Cancellation.NEVER);
    }

    /** Exhaustive identify over one shard per core, searched in parallel and merged. */
    @Benchmark
    @OperationsPerInvocation(GALLERY_SIZE)
    public Object galleryIdentifyAllShards() {
        return allShards.identify(probe, AttributeFilter.NONE, 10, SearchMode.EXHAUSTIVE, pool, Cancellation.NEVER);
    }

    /** The two-stage search's first stage: every row scored by its minutia pairs, one thread. */
    @Benchmark
    @OperationsPerInvocation(GALLERY_SIZE)
    public void firstStageKernel(Blackhole blackhole) {
        for (int[] pairs : rowPairs) {
            blackhole.consume(firstStage.score(pairs, 0, pairs.length));
        }
    }

    /** The first stage's rescoring of its best rows, by blocks of vote cells: per row, against {@link #firstStageKernel}. */
    @Benchmark
    @OperationsPerInvocation(GALLERY_SIZE)
    public void firstStageBlockKernel(Blackhole blackhole) {
        for (int[] pairs : rowPairs) {
            blackhole.consume(firstStage.blockScore(pairs, 0, pairs.length));
        }
    }
}
