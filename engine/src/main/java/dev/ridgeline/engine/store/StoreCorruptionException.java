package dev.ridgeline.engine.store;

/** A stored record this build cannot read: refuse to start rather than serve a partial gallery. */
public final class StoreCorruptionException extends RuntimeException {

    public StoreCorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
