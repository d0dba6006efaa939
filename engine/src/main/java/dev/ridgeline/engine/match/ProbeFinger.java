package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.PairVoting;

/**
 * One probe finger, indexed once for matching: SourceAFIS's matcher costs ~1.4 ms to build and
 * is thread-safe, so a probe builds it once and every shard thread shares it.
 */
public final class ProbeFinger {

    private final int position;
    private final FingerprintTemplate template;
    private final FingerprintMatcher matcher;
    /** Made by the first search that needs it (a verification never does); a race only builds it twice. */
    private volatile PairVoting pairs;

    public ProbeFinger(int position, FingerprintTemplate template) {
        this.position = position;
        this.template = template;
        this.matcher = new FingerprintMatcher(template);
    }

    /** The probe's minutia pairs, for a two-stage search's first stage. */
    public PairVoting pairs() {
        PairVoting made = pairs;
        if (made == null) {
            made = PairVoting.of(FingerprintTemplates.minutiae(template));
            pairs = made;
        }
        return made;
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
