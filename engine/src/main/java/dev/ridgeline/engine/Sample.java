package dev.ridgeline.engine;

import dev.ridgeline.engine.template.Modality;

/**
 * One biometric sample handed to the engine: an encoded image to template, or a template made
 * earlier (from a card or a client). Exactly one of {@code image} and {@code template} is set;
 * a template's own envelope says its modality.
 *
 * @param position finger position 1-10, 0 when unknown
 * @param dpi      fingerprint scan resolution; 0 means 500
 */
public record Sample(Modality modality, int position, byte[] image, int dpi, byte[] template) {

    public static Sample fingerImage(int position, byte[] image, int dpi) {
        return new Sample(Modality.FINGERPRINT, position, image, dpi, null);
    }

    public static Sample faceImage(byte[] image) {
        return new Sample(Modality.FACE, 0, image, 0, null);
    }

    public static Sample template(int position, byte[] template) {
        return new Sample(Modality.FINGERPRINT, position, null, 0, template);
    }
}
