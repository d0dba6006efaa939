package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.EngineException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * Lends each request a set of networks no other thread is using. Sets are loaded on demand and
 * kept for reuse, so the pool grows to the peak number of concurrent requests and no model is
 * loaded per request. Unlike a ThreadLocal, the pool drops every set on {@link #close}.
 */
final class NetworkPool implements AutoCloseable {

    private final FaceModelFiles files;
    private final ConcurrentLinkedDeque<FaceNetworks> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    NetworkPool(FaceModelFiles files) {
        this.files = files;
        idle.push(FaceNetworks.load(files)); // fail at start-up, not on the first request
    }

    <T> T withNetworks(Function<FaceNetworks, T> work) {
        if (closed) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "the face model is closed");
        }
        FaceNetworks networks = idle.poll();
        if (networks == null) {
            networks = FaceNetworks.load(files);
        }
        try {
            return work.apply(networks);
        } finally {
            if (!closed) {
                idle.push(networks);
            }
        }
    }

    /** Drops the idle sets; OpenCV's Java {@code Net} has no explicit release, so the GC frees them. */
    @Override
    public void close() {
        closed = true;
        idle.clear();
    }
}
