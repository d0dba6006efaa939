package dev.ridgeline.engine;

/**
 * Lets long work stop when nobody waits for it any more (the caller went away or its deadline
 * passed). Searches poll it between batches of comparisons; enrollments before they are written,
 * so a caller told DEADLINE_EXCEEDED is not left with a subject it believes refused.
 */
@FunctionalInterface
public interface Cancellation {

    Cancellation NEVER = () -> false;

    boolean requested();

    default void check() {
        if (requested()) {
            throw new EngineException(EngineException.Kind.CANCELLED, "stopped: the call was cancelled or its deadline passed");
        }
    }
}
