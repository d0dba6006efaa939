package dev.ridgeline.engine.face;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.registry.FaceModelPackage;

/**
 * Face templating: a captured face to an envelope holding its quantized vector, and an envelope
 * back to the vector. Envelopes name the model that made the vector; a vector from any other
 * model or model version is refused, since cosines across models mean nothing.
 *
 * @param algorithm the model id recorded in templates
 * @param version   the model version recorded in templates
 * @param dimension the vector length
 */
public record FaceTemplates(String algorithm, String version, int dimension) {

    /**
     * The faceplugin 0.0.1 feature model. Its version carries the pinned file digest, so a
     * replaced model file makes a new version even under the same package version.
     */
    public static final FaceTemplates FACEPLUGIN = new FaceTemplates("faceplugin-fr_feature",
            FaceModelPackage.PACKAGE.version() + "+"
                    + FaceModelPackage.PACKAGE.files().get(FaceModelPackage.EMBEDDING).substring(0, 12),
            512);

    public TemplateEnvelope envelope(FaceCapture capture) {
        return envelope(capture.embedding(), capture.quality().score());
    }

    /** The envelope of an embedding this model made (or a synthetic one for scale tests), quality 0-100. */
    public TemplateEnvelope envelope(float[] embedding, int quality) {
        if (embedding.length != dimension) {
            throw new IllegalArgumentException("model gave a " + embedding.length + "-d vector, expected " + dimension);
        }
        return new TemplateEnvelope(Modality.FACE, algorithm, version, 0, quality, dimension,
                QuantizedFace.of(embedding).toPayload());
    }

    /** The stored vector of a face envelope; anything else is INVALID_INPUT with the reason. */
    public QuantizedFace vector(TemplateEnvelope envelope) {
        if (envelope.modality() != Modality.FACE) {
            throw EngineException.invalid("template holds a " + envelope.modality() + ", not a face");
        }
        if (!algorithm.equals(envelope.algorithm()) || !version.equals(envelope.algorithmVersion())) {
            throw EngineException.invalid("face template was made by " + envelope.algorithm() + " "
                    + envelope.algorithmVersion() + "; this server matches " + algorithm + " " + version
                    + " face templates only: re-extract it from the photo");
        }
        return QuantizedFace.fromPayload(envelope.payload(), dimension);
    }
}
