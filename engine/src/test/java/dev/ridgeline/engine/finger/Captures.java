package dev.ridgeline.engine.finger;

import dev.ridgeline.engine.image.GreyImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/** Generated fingerprint images as the engine reads them, and the ways tests degrade them. */
public final class Captures {

    private Captures() {
    }

    /** The grey pixels of an 8-bit grey image (the generator's impressions). */
    public static GreyImage grey(BufferedImage image) {
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return new GreyImage(image.getWidth(), image.getHeight(), pixels.clone());
    }

    /** Gaussian sensor noise of the given standard deviation, in grey levels, with a fixed seed. */
    public static GreyImage noisy(GreyImage image, double sigma, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[image.pixels().length];
        for (int i = 0; i < out.length; i++) {
            double value = (image.pixels()[i] & 0xFF) + sigma * gaussian(random);
            out[i] = (byte) Math.clamp(Math.round(value), 0, 255);
        }
        return new GreyImage(image.width(), image.height(), out);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
