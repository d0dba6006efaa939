package dev.ridgeline.engine.face;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Face templating: a captured face to an envelope holding its quantized vector, and an envelope
 * back to the vector. Envelopes name the model that made the vector; a vector from any other
 * model or model version is refused, since cosines across models mean nothing.
 *
 * <p>Payload: the {@link QuantizedFace} payload, then one byte: the percentage of the aligned
 * crop that lay outside the photo. Templates made before that byte was recorded end after the
 * vector; they are read as before, with the share unknown.
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
        return envelope(capture.embedding(), capture.quality().score(), capture.quality().outsideFraction());
    }

    /** The envelope of a synthetic vector (scale tests), as of a photo holding its whole aligned crop. */
    public TemplateEnvelope envelope(float[] embedding, int quality) {
        return envelope(embedding, quality, 0);
    }

    /**
     * The envelope of an embedding this model made, quality
     * 0-100, with the share of its aligned crop that lay outside the photo (0-1).
     */
    public TemplateEnvelope envelope(float[] embedding, int quality, double outsideFraction) {
        if (embedding.length != dimension) {
            throw new IllegalArgumentException("model gave a " + embedding.length + "-d vector, expected " + dimension);
        }
        byte[] vector = QuantizedFace.of(embedding).toPayload();
        byte[] payload = Arrays.copyOf(vector, vector.length + 1);
        payload[vector.length] = (byte) Math.round(100 * Math.max(0, Math.min(1, outsideFraction)));
        return new TemplateEnvelope(Modality.FACE, algorithm, version, 0, quality, dimension, payload);
    }

    /** The stored vector of a face envelope; anything else is INVALID_INPUT with the reason. */
    public QuantizedFace vector(TemplateEnvelope envelope) {
        checkModel(envelope);
        byte[] payload = envelope.payload();
        int vectorBytes = QuantizedFace.bytes(dimension);
        if (payload.length != vectorBytes && payload.length != vectorBytes + 1) {
            throw EngineException.invalid("malformed face template: payload of " + payload.length
                    + " bytes, expected " + (vectorBytes + 1) + " (or " + vectorBytes + " from before issue 23)"
                    + " for a " + dimension + "-d vector");
        }
        return QuantizedFace.fromPayload(payload.length == vectorBytes ? payload : Arrays.copyOf(payload, vectorBytes),
                dimension);
    }

    /**
     * The share (0-1) of the template's aligned crop that lay outside its photo; empty for
     * templates made before it was recorded.
     */
    public OptionalDouble outsideFraction(TemplateEnvelope envelope) {
        checkModel(envelope);
        byte[] payload = envelope.payload();
        if (payload.length != QuantizedFace.bytes(dimension) + 1) {
            return OptionalDouble.empty();
        }
        int percent = payload[payload.length - 1] & 0xFF;
        if (percent > 100) {
            throw EngineException.invalid("malformed face template: outside share " + percent + "% out of range");
        }
        return OptionalDouble.of(percent / 100.0);
    }

    private void checkModel(TemplateEnvelope envelope) {
        if (envelope.modality() != Modality.FACE) {
            throw EngineException.invalid("template holds a " + envelope.modality() + ", not a face");
        }
        if (!algorithm.equals(envelope.algorithm()) || !version.equals(envelope.algorithmVersion())) {
            throw EngineException.invalid("face template was made by " + envelope.algorithm() + " "
                    + envelope.algorithmVersion() + "; this server matches " + algorithm + " " + version
                    + " face templates only: re-extract it from the photo");
        }
    }
}
