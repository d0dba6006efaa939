package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;

/** What a gallery remembers of an enrolled template besides its matchable form: no payload. */
public record TemplateInfo(Modality modality, String algorithm, String algorithmVersion, int position,
                           int quality, int featureCount, int sizeBytes) {

    /** One copy of each algorithm name and version however many templates a gallery holds. */
    public TemplateInfo {
        algorithm = algorithm.intern();
        algorithmVersion = algorithmVersion.intern();
    }

    public static TemplateInfo of(TemplateEnvelope envelope) {
        return new TemplateInfo(envelope.modality(), envelope.algorithm(), envelope.algorithmVersion(),
                envelope.position(), envelope.quality(), envelope.featureCount(), envelope.encodedLength());
    }
}
