package dev.ridgeline.engine.template;

import dev.ridgeline.engine.EngineException;
import java.util.Locale;

/**
 * The lowest 0-100 quality score a server enrolls for one modality (0: any), the same rule and
 * message for faces and fingers: the operator's minimum and the capture's score are both named,
 * so an enrollment clerk knows how far off a retake is.
 */
public record QualityMinimum(Modality modality, int score) {

    public QualityMinimum {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("the minimum " + noun(modality) + " quality is a score 0-100, not " + score);
        }
    }

    public static QualityMinimum none(Modality modality) {
        return new QualityMinimum(modality, 0);
    }

    /** Refuses a capture scoring below the minimum. */
    public void check(int captured) {
        if (captured < score) {
            throw EngineException.invalid(String.format(Locale.ROOT,
                    "%s quality %d is below this server's enrollment minimum of %d", noun(modality), captured, score));
        }
    }

    private static String noun(Modality modality) {
        return modality == Modality.FACE ? "face" : "fingerprint";
    }
}
