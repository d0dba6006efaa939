package dev.ridgeline.engine;

/**
 * Lets a long search stop when nobody waits for it any more (the caller went away or its deadline
 * passed). Searches poll it between batches of comparisons.
 */
@FunctionalInterface
public interface Cancellation {

    Cancellation NEVER = () -> false;

    boolean requested();

    default void check() {
        if (requested()) {
            throw new EngineException(EngineException.Kind.CANCELLED, "the search stopped: the call was cancelled or its deadline passed");
        }
    }
}
