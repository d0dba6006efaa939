package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.Arrays;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SerializationBenchmarkTest {

    private static final SerializationBenchmark BENCHMARK = new SerializationBenchmark();

    @BeforeAll
    static void makeTemplates() {
        BENCHMARK.makeTemplates();
    }

    /**
     * Calls a benchmark once per template: each call takes the next template in turn, so a full
     * round leaves the rotation where it started and call {@code i} worked on template {@code i}.
     */
    private static <T> void eachTemplate(Supplier<T> benchmark, ObjIntConsumer<T> check) {
        for (int i = 0; i < SerializationBenchmark.ITEMS; i++) {
            check.accept(benchmark.get(), i);
        }
    }

    @Test
    void envelopesRoundTrip() {
        eachTemplate(BENCHMARK::fingerEnvelopeEncode,
                (bytes, i) -> assertSameEnvelope(TemplateEnvelope.parse(bytes), BENCHMARK.fingerEnvelopes[i]));
        eachTemplate(BENCHMARK::fingerEnvelopeDecode,
                (envelope, i) -> assertSameEnvelope(envelope, BENCHMARK.fingerEnvelopes[i]));
        eachTemplate(BENCHMARK::faceEnvelopeEncode,
                (bytes, i) -> assertSameEnvelope(TemplateEnvelope.parse(bytes), BENCHMARK.faceEnvelopes[i]));
        eachTemplate(BENCHMARK::faceEnvelopeDecode,
                (envelope, i) -> assertSameEnvelope(envelope, BENCHMARK.faceEnvelopes[i]));
    }

    @Test
    void sourceAfisTemplatesRoundTrip() {
        eachTemplate(BENCHMARK::sourceAfisSerialize,
                (bytes, i) -> assertThat(bytes).isEqualTo(BENCHMARK.fingerEnvelopes[i].payload()));
        eachTemplate(BENCHMARK::sourceAfisDeserialize,
                (template, i) -> assertThat(template.toByteArray()).isEqualTo(BENCHMARK.fingerEnvelopes[i].payload()));
        eachTemplate(BENCHMARK::fingerReload,
                (template, i) -> assertThat(template.toByteArray()).isEqualTo(BENCHMARK.fingerEnvelopes[i].payload()));
    }

    @Test
    void facesRoundTrip() {
        eachTemplate(BENCHMARK::faceReload,
                (face, i) -> assertThat(face.toPayload()).isEqualTo(storedVector(BENCHMARK.faceEnvelopes[i])));
        eachTemplate(BENCHMARK::faceQuantize,
                (payload, i) -> assertThat(payload).isEqualTo(storedVector(BENCHMARK.faceEnvelopes[i])));
        eachTemplate(BENCHMARK::faceDequantize, (vector, i) -> {
            assertThat(dot(vector, vector)).isCloseTo(1, within(1e-5));
            assertThat(dot(vector, BENCHMARK.faceVectors[i])).as("int8 keeps the direction").isGreaterThan(0.999);
        });
    }

    /** The vector part of a face payload: the share outside the photo follows it. */
    private static byte[] storedVector(TemplateEnvelope face) {
        return Arrays.copyOf(face.payload(), QuantizedFace.bytes(face.featureCount()));
    }

    private static void assertSameEnvelope(TemplateEnvelope actual, TemplateEnvelope expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
