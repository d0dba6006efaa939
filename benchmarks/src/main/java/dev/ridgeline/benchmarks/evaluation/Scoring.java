package dev.ridgeline.benchmarks.evaluation;

import java.util.function.ToDoubleFunction;

/**
 * How a modality compares two templates. Comparisons are set up once per probe because for some
 * matchers (SourceAFIS) that is the expensive part; the returned function scores candidates
 * against that probe and may be used from one thread at a time.
 */
@FunctionalInterface
interface Scoring<T> {

    ToDoubleFunction<T> probe(T probe);
}
