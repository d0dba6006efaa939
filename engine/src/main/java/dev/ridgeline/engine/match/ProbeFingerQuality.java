package dev.ridgeline.engine.match;

/**
 * What a probe's finger says about how far to trust its score.
 *
 * @param position finger position 1-10, 0 when unknown
 * @param quality  its 0-100 quality score; 0 for a template that came without one (an ISO/ANSI
 *                 record, or an envelope made before fingers were scored)
 */
public record ProbeFingerQuality(int position, int quality) {
}
