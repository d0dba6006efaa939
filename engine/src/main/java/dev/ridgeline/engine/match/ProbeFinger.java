package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;

/**
 * One probe finger, indexed once for matching: SourceAFIS's matcher costs ~1.4 ms to build and
 * is thread-safe, so a probe builds it once and every shard thread shares it.
 */
public final class ProbeFinger {

    private final int position;
    private final FingerprintMatcher matcher;

    public ProbeFinger(int position, FingerprintTemplate template) {
        this.position = position;
        this.matcher = new FingerprintMatcher(template);
    }

    public int position() {
        return position;
    }

    /** Fingers compare when either position is unknown (0) or both name the same finger. */
    public boolean comparesWith(int referencePosition) {
        return position == 0 || referencePosition == 0 || position == referencePosition;
    }

    public double match(FingerprintTemplate reference) {
        return matcher.match(reference);
    }
}
