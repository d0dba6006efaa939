package dev.ridgeline.engine;

/**
 * A request the engine refuses, with the reason a caller can act on. The service maps
 * {@link Kind} to a gRPC status; the message is meant for people and names the cause.
 */
public final class EngineException extends RuntimeException {

    public enum Kind {
        /** Bad image, no usable ridges, malformed or foreign template, bad filter or field. */
        INVALID_INPUT,
        NOT_FOUND,
        ALREADY_EXISTS,
        /** Input above a configured limit; the message names the limit. */
        TOO_LARGE,
        /** The engine cannot answer yet, e.g. while it loads galleries from the store. */
        UNAVAILABLE,
        /** The caller cancelled, or its deadline passed, before the work finished. */
        CANCELLED,
        /** A modality or feature this build does not implement yet. */
        UNSUPPORTED,
        /** This installation lacks something the request needs, e.g. the face models. */
        NOT_INSTALLED,
        /** The durable store failed; nothing was acknowledged. */
        STORAGE_FAILURE
    }

    private final Kind kind;

    public EngineException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static EngineException invalid(String message) {
        return new EngineException(Kind.INVALID_INPUT, message);
    }

    public static EngineException notFound(String message) {
        return new EngineException(Kind.NOT_FOUND, message);
    }

    public static EngineException alreadyExists(String message) {
        return new EngineException(Kind.ALREADY_EXISTS, message);
    }

    public static EngineException tooLarge(String message) {
        return new EngineException(Kind.TOO_LARGE, message);
    }
}
