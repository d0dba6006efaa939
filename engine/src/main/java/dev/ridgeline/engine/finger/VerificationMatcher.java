package dev.ridgeline.engine.finger;

import com.machinezoo.sourceafis.FingerprintTemplate;
import com.machinezoo.sourceafis.engine.matcher.MatcherEngine;
import com.machinezoo.sourceafis.engine.matcher.Probe;
import com.machinezoo.sourceafis.engine.templates.SearchTemplate;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * SourceAFIS's comparison for a probe compared a few times (a 1:1): the same score as
 * {@code new FingerprintMatcher(probe).match(reference)}, without building the probe's full edge
 * hash (about 1.4 ms and 2.6 MB, most of a verification's cost); see {@link OnDemandEdgeHash}.
 * Each comparison pays more for its lookups than with the full hash, so searches keep
 * SourceAFIS's own matcher.
 *
 * <p>This reaches into SourceAFIS 3.18's internals (public classes of its {@code engine} packages
 * and the template's package-private {@code inner} field): envelopes of any other SourceAFIS
 * version are refused ({@link FingerprintTemplates#ALGORITHM_VERSION}), and
 * {@code OnDemandEdgeHashTest} fails if an upgrade changes what this relies on. Thread-safe.
 */
public final class VerificationMatcher {

    private static final VarHandle INNER = innerTemplate();

    private final Probe probe;

    public VerificationMatcher(FingerprintTemplate probe) {
        SearchTemplate template = searchTemplate(probe);
        this.probe = new Probe(template, new OnDemandEdgeHash(template));
    }

    public double match(FingerprintTemplate reference) {
        return MatcherEngine.match(probe, searchTemplate(reference));
    }

    static SearchTemplate searchTemplate(FingerprintTemplate template) {
        return (SearchTemplate) INNER.getVolatile(template);
    }

    private static VarHandle innerTemplate() {
        try {
            return MethodHandles.privateLookupIn(FingerprintTemplate.class, MethodHandles.lookup())
                    .findVarHandle(FingerprintTemplate.class, "inner", SearchTemplate.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SourceAFIS " + FingerprintTemplates.ALGORITHM_VERSION
                    + " keeps its matchable template elsewhere than 3.18 did: 1:1 cannot reach it", e);
        }
    }
}
