package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.image.ImageDecoder;
import dev.ridgeline.engine.image.ImageLimits;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Encoded bytes (JPEG, PNG, BMP, TIFF, PGM/PPM) to an 8-bit BGR {@link Mat}. The limits are
 * checked from the header first, so an oversized upload is refused before OpenCV allocates it.
 * Grey images become three equal channels; JPEG EXIF orientation is applied by OpenCV.
 */
final class BgrDecoder {

    private final ImageDecoder headerCheck;

    BgrDecoder(ImageLimits limits) {
        this.headerCheck = new ImageDecoder(limits);
    }

    /** The decoded image; the caller releases it. */
    Mat decode(byte[] encoded) {
        headerCheck.checkLimits(encoded);
        MatOfByte buffer = new MatOfByte(encoded);
        try {
            Mat image = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
            if (image.empty()) {
                image.release();
                throw EngineException.invalid("image cannot be decoded (" + encoded.length + " bytes)");
            }
            return image;
        } finally {
            buffer.release();
        }
    }
}
