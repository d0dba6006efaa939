package dev.ridgeline.benchmarks;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.face.CodeDistances;
import dev.ridgeline.engine.face.FaceCode;
import dev.ridgeline.engine.face.FaceDot;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Face 1:N, in face comparisons per second. The kernels: the scalar int8 dot product (the
 * baseline), the Vector API one and the same over float32 and float16 storage, each over a
 * contiguous block of {@value #KERNEL_VECTORS} vectors (50 MB in int8, beyond a 32 MB L3 cache, as
 * a real shard is), beside a read of that block at full bandwidth; the first stage's code
 * distance over {@value #CODE_KERNEL_CODES} codes (64 MB), SIMD and scalar.
 * Then Ridgeline's whole identify over a gallery of {@code gallerySize} synthetic 512-d faces,
 * exhaustive and two-stage: one shard on one thread, and one shard per core in parallel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class FaceSearchBenchmark {

    private static final int DIMENSION = FaceTemplates.FACEPLUGIN.dimension();
    private static final int KERNEL_VECTORS = 100_000;
    /** The code kernel scans a million codes (64 MB), as the first stage does per million faces: beyond the cache. */
    private static final int CODE_KERNEL_CODES = 1_000_000;

    @Param({"1000000"})
    int gallerySize;

    private final FaceDot scalar = FaceDot.scalar();
    private final FaceDot vector = FaceDot.best();
    private final CodeDistances codeKernel = CodeDistances.best();
    private final CodeDistances scalarCodeKernel = CodeDistances.scalar();
    private final short[] distances = new short[CODE_KERNEL_CODES];
    private byte[] block;
    private float[] float32Block;
    private short[] float16Block;
    private long[] codes;
    private float[] probeVector;
    private long[] probeCode;
    private Probe probe;
    private Gallery oneShard;
    private Gallery allShards;
    private ExecutorService pool;

    /** Builds only what the running benchmark reads: a 4M-face gallery is several GB, and building it takes minutes. */
    @Setup(Level.Trial)
    public void build(BenchmarkParams params) {
        String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        SyntheticFaceVectors faces = new SyntheticFaceVectors(11, DIMENSION, 0.6);
        probeVector = faces.capture(gallerySize / 2, 1);
        probeCode = FaceCode.of(probeVector);
        probe = new Probe(List.of(), probeVector, ScoreFusion.shipped());
        int cores = Runtime.getRuntime().availableProcessors();
        pool = Executors.newFixedThreadPool(cores);
        if (benchmark.startsWith("identifyOneShard")) {
            oneShard = gallery("one-shard", 1, faces);
        } else if (benchmark.startsWith("identifyAllShards")) {
            allShards = gallery("all-shards", cores, faces);
        } else if (benchmark.startsWith("codeKernel")) {
            codes = new long[CODE_KERNEL_CODES * FaceCode.LONGS];
            IntStream.range(0, CODE_KERNEL_CODES).parallel().forEach(i -> System.arraycopy(
                    FaceCode.of(faces.capture(i, 0)), 0, codes, i * FaceCode.LONGS, FaceCode.LONGS));
        } else {
            buildKernelBlocks(faces);
        }
    }

    private void buildKernelBlocks(SyntheticFaceVectors faces) {
        block = new byte[KERNEL_VECTORS * DIMENSION];
        float32Block = new float[KERNEL_VECTORS * DIMENSION];
        float16Block = new short[KERNEL_VECTORS * DIMENSION];
        IntStream.range(0, KERNEL_VECTORS).parallel().forEach(i -> {
            QuantizedFace stored = QuantizedFace.of(faces.capture(i, 0));
            System.arraycopy(stored.values(), 0, block, i * DIMENSION, DIMENSION);
            float[] vector = stored.toFloats();
            for (int d = 0; d < DIMENSION; d++) {
                float32Block[i * DIMENSION + d] = vector[d];
                float16Block[i * DIMENSION + d] = Float.floatToFloat16(vector[d]);
            }
        });
    }

    private Gallery gallery(String name, int shards, SyntheticFaceVectors faces) {
        QuantizedFace[] stored = IntStream.range(0, gallerySize).parallel()
                .mapToObj(identity -> QuantizedFace.of(faces.capture(identity, 0)))
                .toArray(QuantizedFace[]::new);
        Gallery gallery = new Gallery(new GalleryConfig(name, shards, 1e-4, Instant.now()));
        // Subjects share one envelope: the gallery keeps only its summary, the vectors are what count.
        TemplateEnvelope envelope = FaceTemplates.FACEPLUGIN.envelope(faces.capture(0, 0), 0);
        for (int i = 0; i < gallerySize; i++) {
            gallery.add(new SubjectRecord("S" + i, Map.of(), List.of(envelope), Instant.now()),
                    List.of(new Matchable.Face(stored[i], null)), false);
            stored[i] = null;
        }
        gallery.publishAll();
        return gallery;
    }

    @TearDown(Level.Trial)
    public void stopPool() {
        pool.shutdownNow();
    }

    /** Baseline: the scalar int8 dot product over the block. */
    @Benchmark
    @OperationsPerInvocation(KERNEL_VECTORS)
    public void scalarKernel(Blackhole blackhole) {
        for (int i = 0; i < KERNEL_VECTORS; i++) {
            blackhole.consume(scalar.dot(probeVector, block, i * DIMENSION));
        }
    }

    /** The Vector API kernel over the same block. */
    @Benchmark
    @OperationsPerInvocation(KERNEL_VECTORS)
    public void vectorKernel(Blackhole blackhole) {
        for (int i = 0; i < KERNEL_VECTORS; i++) {
            blackhole.consume(vector.dot(probeVector, block, i * DIMENSION));
        }
    }

    /** The same scan over float32 storage: four times the bytes, no conversion. */
    @Benchmark
    @OperationsPerInvocation(KERNEL_VECTORS)
    public void float32Kernel(Blackhole blackhole) {
        for (int i = 0; i < KERNEL_VECTORS; i++) {
            blackhole.consume(StorageKernels.float32(probeVector, float32Block, i * DIMENSION));
        }
    }

    /** The same scan over float16 storage: twice the bytes, a conversion per value. */
    @Benchmark
    @OperationsPerInvocation(KERNEL_VECTORS)
    public void float16Kernel(Blackhole blackhole) {
        for (int i = 0; i < KERNEL_VECTORS; i++) {
            blackhole.consume(StorageKernels.float16(probeVector, float16Block, i * DIMENSION));
        }
    }

    /** The first stage's kernel alone: the 64-byte code distance of each of a million codes, in one run. */
    @Benchmark
    @OperationsPerInvocation(CODE_KERNEL_CODES)
    public short[] codeKernel() {
        codeKernel.distances(probeCode, codes, 0, CODE_KERNEL_CODES, distances, 0);
        return distances;
    }

    /** The same with the scalar loop (the kernel where the CPU lacks 512-bit vectors). */
    @Benchmark
    @OperationsPerInvocation(CODE_KERNEL_CODES)
    public short[] codeKernelScalar() {
        scalarCodeKernel.distances(probeCode, codes, 0, CODE_KERNEL_CODES, distances, 0);
        return distances;
    }

    /**
     * The memory-bandwidth ceiling for the kernels, STREAM-style: one thread reads the same block
     * with the widest vector loads and sums it, reported in vectors (512 bytes) per second so it
     * compares directly with the kernels.
     */
    @Benchmark
    @OperationsPerInvocation(KERNEL_VECTORS)
    public long readBandwidth() {
        return MemoryRead.sum(block);
    }

    /** Identify over one shard on the calling thread, every face scored exactly: bitmap, scoring, top-K. */
    @Benchmark
    public Object identifyOneShardExhaustive() {
        return oneShard.identify(probe, AttributeFilter.NONE, 10, SearchMode.EXHAUSTIVE, pool, Cancellation.NEVER);
    }

    /** Identify over one shard per core, searched in parallel and merged, every face scored exactly. */
    @Benchmark
    public Object identifyAllShardsExhaustive() {
        return allShards.identify(probe, AttributeFilter.NONE, 10, SearchMode.EXHAUSTIVE, pool, Cancellation.NEVER);
    }

    /** The service's default: code shortlist per shard, then exact scores, one shard on the calling thread. */
    @Benchmark
    public Object identifyOneShard() {
        return oneShard.identify(probe, AttributeFilter.NONE, 10, SearchMode.TWO_STAGE, pool, Cancellation.NEVER);
    }

    /** The service's default over one shard per core. */
    @Benchmark
    public Object identifyAllShards() {
        return allShards.identify(probe, AttributeFilter.NONE, 10, SearchMode.TWO_STAGE, pool, Cancellation.NEVER);
    }
}
