package dev.ridgeline.benchmarks;

import dev.ridgeline.engine.face.FaceBox;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A booth camera's frame made from a photo: one face, framed at 4:3 and scaled to 640 x 480, as a JPEG. */
final class BoothCapture {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** The face box takes this share of the frame's height, as a traveller standing at a booth camera. */
    private static final double FACE_SHARE_OF_HEIGHT = 0.5;

    private BoothCapture() {
    }

    static byte[] of(byte[] photo, FaceBox face) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo));
            // A 4:3 frame around the face, shrunk to fit the photo, then slid inside it.
            double height = Math.min(Math.min(face.height() / FACE_SHARE_OF_HEIGHT, image.getHeight()),
                    image.getWidth() * 3.0 / 4);
            double width = height * 4 / 3;
            int left = (int) Math.clamp(face.x() + face.width() / 2 - width / 2, 0, image.getWidth() - width);
            int top = (int) Math.clamp(face.y() + face.height() / 2 - height / 2, 0, image.getHeight() - height);
            BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = frame.createGraphics();
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, WIDTH, HEIGHT, left, top, left + (int) width, top + (int) height, null);
            graphics.dispose();
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(frame, "jpg", jpeg);
            return jpeg.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
