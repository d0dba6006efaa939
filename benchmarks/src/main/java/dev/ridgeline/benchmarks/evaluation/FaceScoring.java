package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceDot;
import dev.ridgeline.engine.face.QuantizedFace;
import java.util.function.ToDoubleFunction;

/**
 * The three ways a face pair can be scored, all cosine similarities. The candidate is the
 * enrolled side. Quantized candidates go through the service's own int8 kernel ({@link FaceDot}).
 */
enum FaceScoring implements Scoring<FaceVectors> {

    /** Both vectors as the model gave them: the model's own accuracy. */
    FLOAT32 {
        @Override
        public ToDoubleFunction<FaceVectors> probe(FaceVectors probe) {
            float[] vector = probe.embedding();
            return candidate -> dot(vector, candidate.embedding());
        }
    },
    /** A live photo's float32 vector against an enrolled int8 template: what the service computes. */
    SERVICE {
        @Override
        public ToDoubleFunction<FaceVectors> probe(FaceVectors probe) {
            return quantizedCandidate(probe.embedding());
        }
    },
    /** Two stored int8 templates (e.g. a card read against an enrolled record). */
    CARD {
        @Override
        public ToDoubleFunction<FaceVectors> probe(FaceVectors probe) {
            return quantizedCandidate(probe.stored().toFloats());
        }
    };

    private static final FaceDot KERNEL = FaceDot.best();

    private static ToDoubleFunction<FaceVectors> quantizedCandidate(float[] probe) {
        return candidate -> {
            QuantizedFace stored = candidate.stored();
            return KERNEL.dot(probe, stored.values(), 0) * stored.scale();
        };
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
