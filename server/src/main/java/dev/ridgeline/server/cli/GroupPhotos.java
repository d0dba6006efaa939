package dev.ridgeline.server.cli;

import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceModel;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * One-person portraits cut from group photos, and the everyday changes a second capture brings
 * (mirrored, darker, recompressed, smaller), for the demo and the service tests.
 */
public final class GroupPhotos {

    private GroupPhotos() {
    }

    /** Every face the model finds in {@code photo}, cut out with half a box of margin, largest first. */
    public static List<byte[]> portraits(byte[] photo, FaceModel model) {
        BufferedImage image = read(photo);
        List<byte[]> portraits = new ArrayList<>();
        for (FaceBox box : model.detect(photo)) {
            portraits.add(jpeg(crop(image, box, 0.5), 0.9f));
        }
        return portraits;
    }

    private static BufferedImage crop(BufferedImage image, FaceBox box, double margin) {
        int x = (int) Math.max(0, box.x() - margin * box.width());
        int y = (int) Math.max(0, box.y() - margin * box.height());
        int right = (int) Math.min(image.getWidth(), box.x() + (1 + margin) * box.width());
        int bottom = (int) Math.min(image.getHeight(), box.y() + (1 + margin) * box.height());
        return image.getSubimage(x, y, right - x, bottom - y);
    }

    /** The portrait mirrored, 30% darker and re-encoded at JPEG quality 40: the same person. */
    public static byte[] altered(byte[] portrait) {
        BufferedImage source = read(portrait);
        BufferedImage result = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int rgb = source.getRGB(source.getWidth() - 1 - x, y);
                int r = (int) (((rgb >> 16) & 0xFF) * 0.7);
                int g = (int) (((rgb >> 8) & 0xFF) * 0.7);
                int b = (int) ((rgb & 0xFF) * 0.7);
                result.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return jpeg(result, 0.4f);
    }

    /** The portrait scaled by {@code factor}. */
    public static byte[] scaled(byte[] portrait, double factor) {
        BufferedImage source = read(portrait);
        int width = Math.max(1, (int) (source.getWidth() * factor));
        int height = Math.max(1, (int) (source.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(source, 0, 0, width, height, null);
        graphics.dispose();
        return jpeg(scaled, 0.9f);
    }

    private static BufferedImage read(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            if (image == null) {
                throw new IllegalArgumentException("not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jpeg(BufferedImage image, float quality) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        graphics.drawImage(image, 0, 0, null);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            parameters.setCompressionQuality(quality);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(rgb, null, null), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
