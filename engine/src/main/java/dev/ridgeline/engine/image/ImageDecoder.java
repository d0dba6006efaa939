package dev.ridgeline.engine.image;

import dev.ridgeline.engine.EngineException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.jnbis.api.Jnbis;
import org.jnbis.api.model.Bitmap;

/**
 * Turns encoded image bytes (PNG, JPEG, JPEG 2000, BMP, TIFF, WSQ) into raw grey pixels.
 *
 * <p>We read raster samples ourselves instead of letting SourceAFIS decode: its decoder goes
 * through {@code getRGB}, which applies an sRGB gamma to linear-grey images and costs accuracy
 * (see shared STACK.md). Size limits are checked from the header, before pixels are allocated.
 */
public final class ImageDecoder {

    /** Up to 8-bit RGBA at the pixel limit. */
    static final int MAX_BYTES_PER_PIXEL = 4;

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    public GreyImage decode(byte[] encoded) {
        checkBytes(encoded);
        if (WsqHeader.startsWsq(encoded)) {
            return decodeWsq(encoded);
        }
        return withImageIoReader(encoded, reader -> {
            checkPixels(reader.getWidth(0), reader.getHeight(0));
            checkRaster(reader);
            return toGrey(reader.read(0));
        });
    }

    /**
     * Checks an image against the limits using its header only, allocating no pixels: for callers
     * that decode with another library (the face pipeline decodes with OpenCV). Reads the header of
     * every format ImageIO knows (PNG, JPEG, BMP, TIFF, GIF) and of PGM/PPM.
     */
    public void checkLimits(byte[] encoded) {
        checkBytes(encoded);
        if (isPnm(encoded)) {
            checkPnmHeader(encoded);
        } else if (WsqHeader.startsWsq(encoded)) {
            WsqHeader header = WsqHeader.read(encoded);
            checkPixels(header.width(), header.height());
        } else {
            withImageIoReader(encoded, reader -> {
                checkPixels(reader.getWidth(0), reader.getHeight(0));
                return null;
            });
        }
    }

    private void checkBytes(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            throw EngineException.invalid("image is empty");
        }
        if (encoded.length > limits.maxBytes()) {
            throw EngineException.tooLarge("image is " + encoded.length + " bytes; the limit is "
                    + limits.maxBytes() + " bytes");
        }
    }

    private static boolean isPnm(byte[] data) {
        return data.length > 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6';
    }

    /** PNM header: magic, then width and height as ASCII numbers, with whitespace and # comments between. */
    private void checkPnmHeader(byte[] data) {
        int[] position = {2};
        long width = nextPnmNumber(data, position);
        checkPixels(width, nextPnmNumber(data, position));
    }

    private static long nextPnmNumber(byte[] data, int[] position) {
        int i = position[0];
        while (i < data.length && (Character.isWhitespace(data[i]) || data[i] == '#')) {
            if (data[i] == '#') {
                while (i < data.length && data[i] != '\n') {
                    i++;
                }
            } else {
                i++;
            }
        }
        long value = 0;
        int digits = 0;
        for (; i < data.length && data[i] >= '0' && data[i] <= '9'; i++, digits++) {
            value = Math.min(value * 10 + (data[i] - '0'), Integer.MAX_VALUE); // saturate: still above any limit
        }
        if (digits == 0) {
            throw EngineException.invalid("PNM image header is malformed");
        }
        position[0] = i;
        return value;
    }

    private GreyImage decodeWsq(byte[] encoded) {
        WsqHeader header = WsqHeader.read(encoded);
        checkPixels(header.width(), header.height());
        Bitmap bitmap;
        try {
            bitmap = Jnbis.wsq().decode(encoded).asBitmap();
        } catch (RuntimeException e) {
            throw EngineException.invalid("WSQ image cannot be decoded: " + describe(e));
        }
        return new GreyImage(bitmap.getWidth(), bitmap.getHeight(), bitmap.getPixels());
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withImageIoReader(byte[] encoded, ReaderWork<T> work) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw EngineException.invalid("image format not recognised; send PNG, JPEG, JPEG 2000, BMP, TIFF or WSQ");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof EngineException engineException) {
                throw engineException;
            }
            throw EngineException.invalid("image cannot be decoded: " + describe(e));
        }
    }

    private void checkPixels(long width, long height) {
        if (width <= 0 || height <= 0) {
            throw EngineException.invalid("image has no pixels (" + width + "x" + height + ")");
        }
        long pixels = width * height;
        if (pixels > limits.maxPixels()) {
            throw EngineException.tooLarge("image is " + width + "x" + height + " = " + pixels
                    + " pixels; the limit is " + limits.maxPixels() + " pixels");
        }
    }

    /**
     * Pixels alone do not bound memory: a 16-bit RGBA image holds 8 bytes per pixel. The decoded
     * raster may take at most {@link #MAX_BYTES_PER_PIXEL} bytes per pixel of the pixel limit.
     */
    private void checkRaster(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (!types.hasNext()) {
                return;
            }
            type = types.next();
        }
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        int bitsPerPixel = type.getColorModel().getPixelSize();
        long rasterBytes = width * height * bitsPerPixel / 8;
        long limit = limits.maxPixels() * MAX_BYTES_PER_PIXEL;
        if (rasterBytes > limit) {
            throw EngineException.tooLarge("image would decode to " + rasterBytes + " bytes (" + width + "x" + height
                    + " at " + bitsPerPixel + " bits per pixel); the limit is " + limit + " bytes");
        }
    }

    /** Grey images keep their samples as stored; colour images become luma (BT.601 weights). */
    static GreyImage toGrey(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] pixels = new byte[width * height];
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        int bands = raster.getNumBands();
        boolean indexed = model instanceof IndexColorModel;
        int bits = raster.getSampleModel().getSampleSize(0);
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int grey;
                if (indexed) {
                    int rgb = model.getRGB(row[x]);
                    grey = luma((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
                } else if (bands >= 3) {
                    int base = x * bands;
                    grey = luma(scale(row[base], bits), scale(row[base + 1], bits), scale(row[base + 2], bits));
                } else {
                    grey = scale(row[x * bands], bits);
                }
                pixels[y * width + x] = (byte) grey;
            }
        }
        return new GreyImage(width, height, pixels);
    }

    private static int scale(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits == 1) {
            return sample == 0 ? 0 : 255;
        }
        return bits > 8 ? sample >> (bits - 8) : sample * 255 / ((1 << bits) - 1);
    }

    private static int luma(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
