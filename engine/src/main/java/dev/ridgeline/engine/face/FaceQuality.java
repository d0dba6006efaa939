package dev.ridgeline.engine.face;

/**
 * How usable a face is for enrollment.
 *
 * @param score             0-100 summary stored in the template
 * @param interOcularPixels distance between the eye centres in the source image
 * @param sharpness         variance of the Laplacian of the aligned grey face (blur lowers it)
 * @param yawDegrees        estimated head turn left/right, 0 = frontal
 */
public record FaceQuality(int score, double interOcularPixels, double sharpness, double yawDegrees) {
}
