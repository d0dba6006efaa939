package dev.ridgeline.engine.image;

/** Raw 8-bit grey pixels, row-major, 0 = black; exactly as captured, with no gamma applied. */
public record GreyImage(int width, int height, byte[] pixels) {

    public GreyImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("pixel buffer does not fit " + width + "x" + height);
        }
    }

    /** The pixels as floats (0 to 255), the form ridge measurements and filters read. */
    public float[] floats() {
        float[] grey = new float[pixels.length];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = pixels[i] & 0xFF;
        }
        return grey;
    }
}
