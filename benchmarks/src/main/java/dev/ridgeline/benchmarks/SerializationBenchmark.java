package dev.ridgeline.benchmarks;

import static dev.ridgeline.benchmarks.GeneratedFingers.RIGHT_INDEX;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Template serialization, in microseconds per template: Ridgeline's envelope for fingers and faces,
 * SourceAFIS's own format, and the int8 face payload. {@link #fingerReload()} and
 * {@link #faceReload()} are what a start-up reload pays per stored template after reading the
 * store. Each call takes the next of {@value #ITEMS} templates in turn, so fingerprint figures
 * average over templates of different sizes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class SerializationBenchmark {

    /** A power of two, so the rotation is a mask. */
    static final int ITEMS = 16;
    private static final FaceTemplates FACES = FaceTemplates.FACEPLUGIN;

    // Inputs, index-aligned; package-private so tests can check each result against its input.
    TemplateEnvelope[] fingerEnvelopes;
    byte[][] fingerEnvelopeBytes;
    FingerprintTemplate[] fingerTemplates;
    float[][] faceVectors;
    TemplateEnvelope[] faceEnvelopes;
    byte[][] faceEnvelopeBytes;
    private int cursor;

    @Setup(Level.Trial)
    public void makeTemplates() {
        fingerEnvelopes = new GeneratedFingers(7).envelopes(ITEMS, 0, RIGHT_INDEX).toArray(TemplateEnvelope[]::new);
        fingerEnvelopeBytes = new byte[ITEMS][];
        fingerTemplates = new FingerprintTemplate[ITEMS];
        faceVectors = new float[ITEMS][];
        faceEnvelopes = new TemplateEnvelope[ITEMS];
        faceEnvelopeBytes = new byte[ITEMS][];
        SyntheticFaceVectors faces = new SyntheticFaceVectors(11, FACES.dimension(), 0.6);
        for (int i = 0; i < ITEMS; i++) {
            fingerEnvelopeBytes[i] = fingerEnvelopes[i].toBytes();
            fingerTemplates[i] = FingerprintTemplates.matchable(fingerEnvelopes[i]);
            faceVectors[i] = faces.capture(i, 0);
            faceEnvelopes[i] = FACES.envelope(faceVectors[i], 90);
            faceEnvelopeBytes[i] = faceEnvelopes[i].toBytes();
        }
    }

    /** The index of the template this call works on; advances the rotation. */
    private int next() {
        int item = cursor;
        cursor = (item + 1) & (ITEMS - 1);
        return item;
    }

    @Benchmark
    public byte[] fingerEnvelopeEncode() {
        return fingerEnvelopes[next()].toBytes();
    }

    @Benchmark
    public TemplateEnvelope fingerEnvelopeDecode() {
        return TemplateEnvelope.parse(fingerEnvelopeBytes[next()]);
    }

    @Benchmark
    public byte[] sourceAfisSerialize() {
        return fingerTemplates[next()].toByteArray();
    }

    /** Baseline of a reload: SourceAFIS alone turning its bytes into a matchable template. */
    @Benchmark
    public FingerprintTemplate sourceAfisDeserialize() {
        return new FingerprintTemplate(fingerEnvelopes[next()].payload());
    }

    /** What start-up pays per stored finger: envelope parsed and checked, payload made matchable. */
    @Benchmark
    public FingerprintTemplate fingerReload() {
        return FingerprintTemplates.matchable(TemplateEnvelope.parse(fingerEnvelopeBytes[next()]));
    }

    @Benchmark
    public byte[] faceEnvelopeEncode() {
        return faceEnvelopes[next()].toBytes();
    }

    @Benchmark
    public TemplateEnvelope faceEnvelopeDecode() {
        return TemplateEnvelope.parse(faceEnvelopeBytes[next()]);
    }

    /** What start-up pays per stored face: envelope parsed and checked, int8 vector read (not dequantized). */
    @Benchmark
    public QuantizedFace faceReload() {
        return FACES.vector(TemplateEnvelope.parse(faceEnvelopeBytes[next()]));
    }

    /** What enrolling a face pays after the embedding: float32 to the int8 payload. */
    @Benchmark
    public byte[] faceQuantize() {
        return QuantizedFace.of(faceVectors[next()]).toPayload();
    }

    /** What a face read from a card pays to probe: the int8 payload back to a float32 unit vector. */
    @Benchmark
    public float[] faceDequantize() {
        return FACES.vector(faceEnvelopes[next()]).toFloats();
    }
}
