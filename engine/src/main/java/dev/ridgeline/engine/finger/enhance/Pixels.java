package dev.ridgeline.engine.finger.enhance;

import dev.ridgeline.engine.image.GreyImage;

/** Grey pixels as floats, the form the print mask and the filters read. */
final class Pixels {

    private Pixels() {
    }

    static float[] toFloats(GreyImage image) {
        byte[] pixels = image.pixels();
        float[] grey = new float[pixels.length];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = pixels[i] & 0xFF;
        }
        return grey;
    }
}
