package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.Sample;

/**
 * One booth capture and the enrolled subject it belongs to.
 *
 * @param mateId the subject a verification claims, so the expected decision is a match
 */
record Probe(Sample sample, String mateId) {
}
