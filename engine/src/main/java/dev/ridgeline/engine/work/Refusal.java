package dev.ridgeline.engine.work;

/**
 * Why queued work was answered without being done.
 *
 * @param reason          what stopped it
 * @param message         a readable explanation for the caller
 * @param retryAfterNanos when {@link Reason#OVERLOADED}: how long the queue ahead of it is expected to take
 */
public record Refusal(Reason reason, String message, long retryAfterNanos) {

    public enum Reason {
        /** Its deadline passed in the queue, or would pass before its expected service time. */
        DEADLINE,
        /** Its caller left while it waited. */
        CANCELLED,
        /** The work ahead of it is expected to outlast its deadline: refused on arrival, with a retry hint. */
        OVERLOADED,
        /** The pool was closed. */
        SHUTDOWN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
