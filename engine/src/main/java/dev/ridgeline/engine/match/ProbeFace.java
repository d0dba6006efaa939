package dev.ridgeline.engine.match;

import java.util.OptionalDouble;

/**
 * What the probe's face says about how far to trust a face score.
 *
 * @param quality         the face's 0-100 quality score
 * @param outsideFraction share of its aligned crop that lay beyond its photo; empty for a probe
 *                        template made before that was recorded
 */
public record ProbeFace(int quality, OptionalDouble outsideFraction) {
}
