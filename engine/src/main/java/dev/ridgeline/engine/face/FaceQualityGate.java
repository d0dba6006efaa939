package dev.ridgeline.engine.face;

import dev.ridgeline.engine.EngineException;
import java.util.Locale;

/**
 * Refuses faces too small, too blurred or too far from frontal to enroll, saying which and by
 * how much. Independent of the model that measured the {@link FaceQuality}.
 *
 * @param minInterOcularPixels smallest distance between the eye centres, source pixels
 * @param minSharpness         smallest variance of the Laplacian of the aligned 112x112 grey face
 * @param maxAbsYawDegrees     largest estimated head turn either way
 */
public record FaceQualityGate(double minInterOcularPixels, double minSharpness, double maxAbsYawDegrees) {

    /**
     * Measured with the OpenCV pipeline: LFW's 250x250 photos have 31 px or more between the eyes
     * in 99% of cases, sharpness 36 or more in 99% (a Gaussian blur of sigma 2 brings them to
     * 20-25), and |yaw| up to 32 degrees in 90% (a three-quarter profile reads 80 or more).
     */
    public static final FaceQualityGate DEFAULT = new FaceQualityGate(30, 25, 45);

    public void check(FaceQuality quality) {
        if (quality.interOcularPixels() < minInterOcularPixels) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "face too small: %.0f px between the eyes, at least %.0f needed",
                    quality.interOcularPixels(), minInterOcularPixels));
        }
        if (quality.sharpness() < minSharpness) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "face too blurred: sharpness %.1f, at least %.1f needed", quality.sharpness(), minSharpness));
        }
        if (Math.abs(quality.yawDegrees()) > maxAbsYawDegrees) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "face too far from frontal: turned about %.0f degrees, at most %.0f allowed",
                    Math.abs(quality.yawDegrees()), maxAbsYawDegrees));
        }
    }
}
