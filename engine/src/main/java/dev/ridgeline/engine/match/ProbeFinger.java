package dev.ridgeline.engine.match;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.finger.FingerprintTemplates;
import dev.ridgeline.engine.finger.PairVoting;
import dev.ridgeline.engine.finger.VerificationMatcher;
import java.util.function.ToDoubleFunction;

/**
 * One probe finger, indexed once for matching. For a search, SourceAFIS's matcher: it costs
 * ~1.4 ms to build and is thread-safe, so a probe builds it once and every shard thread shares
 * it. For a verification, which compares it with a handful of references,
 * {@link VerificationMatcher}: the same scores without that index.
 */
public final class ProbeFinger {

    private final int position;
    private final FingerprintTemplate template;
    private final ToDoubleFunction<FingerprintTemplate> matcher;
    /** Made by the first search that needs it (a verification never does); a race only builds it twice. */
    private volatile PairVoting pairs;

    /** A probe finger for a search, compared with many references. */
    public ProbeFinger(int position, FingerprintTemplate template) {
        this(position, template, new FingerprintMatcher(template)::match);
    }

    private ProbeFinger(int position, FingerprintTemplate template, ToDoubleFunction<FingerprintTemplate> matcher) {
        this.position = position;
        this.template = template;
        this.matcher = matcher;
    }

    /** A probe finger for a 1:1, compared with one subject's or one card's fingers. */
    public static ProbeFinger forVerification(int position, FingerprintTemplate template) {
        return new ProbeFinger(position, template, new VerificationMatcher(template)::match);
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
        return matcher.applyAsDouble(reference);
    }
}
