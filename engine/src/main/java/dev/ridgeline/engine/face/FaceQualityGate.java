package dev.ridgeline.engine.face;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.QualityMinimum;
import java.util.Locale;

/**
 * Refuses faces too small, too blurred, too far from frontal, too far outside the photo to align,
 * or of too low a quality score to enroll, saying which and by how much. Probes are held to the
 * alignment limit only: a booth decides on the score, but never on a face it could not align.
 * Independent of the model that measured the {@link FaceQuality}.
 *
 * @param minInterOcularPixels smallest distance between the eye centres, source pixels
 * @param minSharpness         smallest variance of the Laplacian of the aligned 112x112 grey face
 * @param maxAbsYawDegrees     largest estimated head turn either way
 * @param maxFaceOutside       largest share of the face itself (of its aligned crop) that may lie beyond the photo
 * @param minScore             lowest 0-100 quality score an enrolled face may have (0: any)
 */
public record FaceQualityGate(double minInterOcularPixels, double minSharpness, double maxAbsYawDegrees,
                              double maxFaceOutside, int minScore) {

    /**
     * Measured with the OpenCV pipeline: LFW's 250x250 photos have 31 px or more between the eyes
     * in 99% of cases, sharpness 36 or more in 99% (a Gaussian blur of sigma 2 brings them to
     * 20-25), and |yaw| up to 32 degrees in 90% (a three-quarter profile reads 80 or more). A
     * portrait cut down the middle of the face leaves 29-38% of the face outside the photo (21%
     * for one turned face) and scores cosines of 0.5 or less with the same face whole; dev photos
     * cropped to their face box keep at least 78% of it inside (docs/ACCURACY.md). No minimum score unless the operator sets one
     * (serve --min-face-quality).
     */
    public static final FaceQualityGate DEFAULT = new FaceQualityGate(30, 25, 45, 0.25, 0);

    public FaceQualityGate {
        minimum(minScore);
    }

    private static QualityMinimum minimum(int score) {
        return new QualityMinimum(Modality.FACE, score);
    }

    public FaceQualityGate withMinScore(int score) {
        return new FaceQualityGate(minInterOcularPixels, minSharpness, maxAbsYawDegrees, maxFaceOutside, score);
    }

    /** Enrollment: every limit. */
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
        checkAligned(quality);
        minimum(minScore).check(quality.score());
    }

    /** Probes (verify, identify) too: the face must have been aligned on the photo, not on the mirrored fill. */
    public void checkAligned(FaceQuality quality) {
        if (quality.faceOutsideFraction() > maxFaceOutside) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "face cut off by the photo's edge: %.0f%% of the face lay outside the photo, at most %.0f%%"
                            + " allowed; take the photo with the whole face and some room around it",
                    100 * quality.faceOutsideFraction(), 100 * maxFaceOutside));
        }
    }
}
