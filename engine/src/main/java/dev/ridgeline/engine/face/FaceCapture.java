package dev.ridgeline.engine.face;

/**
 * One face found in a photo, aligned and embedded.
 *
 * @param landmarks five points (x, y interleaved, image pixels): eye centres, nose tip, mouth corners
 * @param embedding the model's vector, L2-normalised
 */
public record FaceCapture(FaceBox box, double[] landmarks, FaceQuality quality, float[] embedding) {
}
