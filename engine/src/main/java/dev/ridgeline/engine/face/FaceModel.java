package dev.ridgeline.engine.face;

import java.util.List;

/**
 * What turns photos into face vectors. Templates record {@link #id()} and {@link #version()}, so
 * a vector from another model is refused rather than mis-scored when the model is replaced.
 * Implementations are thread-safe.
 */
public interface FaceModel extends AutoCloseable {

    String id();

    String version();

    /** Length of every embedding this model produces. */
    int dimension();

    /**
     * Detects faces in an encoded image, picks one by {@code selection}, aligns and embeds it.
     * Throws {@link dev.ridgeline.engine.EngineException} (INVALID_INPUT) naming the cause when no
     * face is found or several are found where one is required; TOO_LARGE above the image limits.
     */
    FaceCapture capture(byte[] encodedImage, FaceSelection selection);

    /** Every face box found in an encoded image, largest first (no embedding work). */
    List<FaceBox> detect(byte[] encodedImage);

    @Override
    void close();
}
