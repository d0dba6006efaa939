package dev.ridgeline.benchmarks;

import static dev.ridgeline.benchmarks.GeneratedFingers.RIGHT_INDEX;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.Attributes;
import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.ProbeFinger;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Attribute-filter evaluation over one shard of {@code rows} finger rows, in microseconds per
 * search: the engine turning {@code programme = nexus} into the shard's candidate bitmap, and
 * walking that bitmap as a scan does, beside a plain scan of a per-row attribute column.
 * {@code selectivity} is the share of rows the filter keeps, scattered at random as enrollment
 * order scatters them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class FilterBenchmark {

    private static final String SELECTED = "nexus";
    private static final String OTHER = "sentri";

    @Param({"1000000"})
    int rows;

    @Param({"0.001", "0.1", "1"})
    double selectivity;

    private Gallery gallery;
    private Probe probe;
    private final AttributeFilter filter = new AttributeFilter(List.of(
            new AttributeFilter.Clause(Attributes.PROGRAMME, List.of(SELECTED), false)));
    private RoaringBitmap candidates;
    /** The baseline's column: true where the row's programme is the selected one. */
    private boolean[] selectedColumn;
    private int[] matchingRows;

    @Setup(Level.Trial)
    public void buildShard() {
        TemplateEnvelope envelope = new GeneratedFingers(7).envelope(0, 0, RIGHT_INDEX);
        Matchable.Finger finger = Matchable.Finger.of(envelope);
        // Rows share one template: filtering never reads templates, only bitmaps.
        List<Matchable> templates = List.of(finger);
        List<TemplateEnvelope> envelopes = List.of(envelope);
        Map<String, String> selected = Map.of(Attributes.PROGRAMME, SELECTED);
        Map<String, String> other = Map.of(Attributes.PROGRAMME, OTHER);
        selectedColumn = scatteredSelection(rows, (int) Math.round(rows * selectivity), new SplittableRandom(13));
        gallery = new Gallery(new GalleryConfig("filter", 1, GalleryConfig.DEFAULT_TARGET_FMR, Instant.now()));
        Instant enrolled = Instant.now();
        for (int row = 0; row < rows; row++) {
            Map<String, String> attributes = selectedColumn[row] ? selected : other;
            gallery.add(new SubjectRecord("S" + row, attributes, envelopes, enrolled), templates, false);
        }
        gallery.publishAll();
        probe = Probe.ofFingers(List.of(new ProbeFinger(RIGHT_INDEX, finger.template())));
        candidates = gallery.candidates(0, filter, probe);
        matchingRows = new int[rows];
    }

    /** Exactly {@code count} of {@code rows} chosen at random (a partial Fisher-Yates shuffle). */
    static boolean[] scatteredSelection(int rows, int count, SplittableRandom random) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        boolean[] chosen = new boolean[rows];
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(i, rows);
            int row = order[pick];
            order[pick] = order[i];
            chosen[row] = true;
        }
        return chosen;
    }

    /** Baseline: the filter as a scan of a per-row column, collecting the matching row numbers. */
    @Benchmark
    public int columnScan() {
        int found = 0;
        for (int row = 0; row < selectedColumn.length; row++) {
            if (selectedColumn[row]) {
                matchingRows[found++] = row;
            }
        }
        return found;
    }

    /**
     * The engine's filter evaluation for one shard: all rows, less deleted ones, AND the clause's
     * bitmap, AND the rows comparable with the probe (its finger position or unknown).
     */
    @Benchmark
    public RoaringBitmap evaluateFilter() {
        return gallery.candidates(0, filter, probe);
    }

    /** Walking the candidate bitmap as the shard scan does, without scoring: the per-candidate overhead. */
    @Benchmark
    public long iterateCandidates() {
        long sum = 0;
        PeekableIntIterator it = candidates.getIntIterator();
        while (it.hasNext()) {
            sum += it.next();
        }
        return sum;
    }
}
