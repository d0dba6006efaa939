package dev.ridgeline.engine;

import dev.ridgeline.engine.gallery.SubjectView;

/**
 * What became of one subject of {@link RidgelineEngine#enrollAll}: enrolled (durable and
 * searchable) or refused, with the failure that says why. Exactly one of the two is set.
 */
public record EnrollOutcome(SubjectView enrolled, RuntimeException failure) {

    static EnrollOutcome of(SubjectView enrolled) {
        return new EnrollOutcome(enrolled, null);
    }

    public static EnrollOutcome failed(RuntimeException failure) {
        return new EnrollOutcome(null, failure);
    }
}
