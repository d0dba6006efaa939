package dev.ridgeline.server.observability;

import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.VerifyRequest;
import java.util.List;

/**
 * The modality label of a call's metrics, read from its first request message: {@code fingerprint},
 * {@code face}, {@code face+fingerprint} (as the gallery metrics name them), or {@code none} for calls that carry no sample (galleries,
 * subjects by id, operations). A sample without a stated modality counts as a fingerprint, as the
 * engine reads it until a template's envelope says otherwise.
 */
public final class RequestModality {

    public static final String NONE = "none";

    private RequestModality() {
    }

    public static String of(Object message) {
        return switch (message) {
            case EnrollRequest enroll -> of(enroll.getSamplesList());
            case VerifyRequest verify -> of(verify.getProbeList());
            case IdentifyRequest identify -> of(identify.getProbeList());
            case ExtractTemplateRequest extract -> of(List.of(extract.getSample()));
            default -> NONE;
        };
    }

    public static String of(List<Sample> samples) {
        boolean face = samples.stream().anyMatch(s -> s.getModality() == Modality.FACE);
        boolean finger = samples.stream().anyMatch(s -> s.getModality() != Modality.FACE);
        return face && finger ? "face+fingerprint" : face ? "face" : finger ? "fingerprint" : NONE;
    }
}
