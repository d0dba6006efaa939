package dev.ridgeline.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import dev.ridgeline.fixtures.hostile.HostileImages;
import dev.ridgeline.fixtures.wsq.WsqEncoder;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    private static BufferedImage greyRamp(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 7 + y * 3) & 0xFF);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("writer for " + format).isTrue();
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff", "jpeg2000"})
    void losslessGreyImagesKeepTheirExactGreyLevels(String format) throws IOException {
        BufferedImage source = greyRamp(40, 30);

        GreyImage decoded = decoder.decode(encode(source, format));

        assertThat(decoded.width()).isEqualTo(40);
        assertThat(decoded.height()).isEqualTo(30);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                // No gamma: a mid grey of 128 must stay 128, not become 188 as through getRGB.
                assertThat(decoded.pixels()[y * 40 + x] & 0xFF).isEqualTo(source.getRaster().getSample(x, y, 0));
            }
        }
    }

    @Test
    void aWsqFingerDecodesToItsSizeAndNearItsGreyLevels() {
        BufferedImage finger = new SyntheticFingerprints(7).impression(0, 0);
        byte[] original = new byte[finger.getWidth() * finger.getHeight()];
        finger.getRaster().getDataElements(0, 0, finger.getWidth(), finger.getHeight(), original);

        GreyImage decoded = decoder.decode(WsqEncoder.encode(finger, 500, WsqEncoder.DEFAULT_BIT_RATE));

        assertThat(decoded.width()).isEqualTo(finger.getWidth());
        assertThat(decoded.height()).isEqualTo(finger.getHeight());
        double squares = 0;
        for (int i = 0; i < original.length; i++) {
            double error = (decoded.pixels()[i] & 0xFF) - (original[i] & 0xFF);
            squares += error * error;
        }
        // lossy at about 20:1, but within a few grey levels on average (30 dB PSNR would be 8)
        assertThat(Math.sqrt(squares / original.length)).isLessThan(8);
    }

    @Test
    void jpegGreyStaysCloseToTheSource() throws IOException {
        BufferedImage source = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 32 * 32; i++) {
            source.getRaster().setSample(i % 32, i / 32, 0, 128);
        }
        GreyImage decoded = decoder.decode(encode(source, "jpeg"));
        assertThat(decoded.pixels()[500] & 0xFF).isBetween(125, 131);
    }

    @Test
    void colourBecomesLuma() throws IOException {
        BufferedImage source = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        source.setRGB(1, 1, 0xFF0000);
        source.setRGB(2, 2, 0xFFFFFF);

        GreyImage decoded = decoder.decode(encode(source, "png"));

        assertThat(decoded.pixels()[4 + 1] & 0xFF).isEqualTo(76);
        assertThat(decoded.pixels()[2 * 4 + 2] & 0xFF).isEqualTo(255);
        assertThat(decoded.pixels()[0] & 0xFF).isEqualTo(0);
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() throws IOException {
        BufferedImage source = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        source.getRaster().setSample(0, 0, 0, 0x8000);
        source.getRaster().setSample(1, 0, 0, 0xFFFF);

        GreyImage decoded = decoder.decode(encode(source, "png"));

        assertThat(decoded.pixels()[0] & 0xFF).isEqualTo(0x80);
        assertThat(decoded.pixels()[1] & 0xFF).isEqualTo(0xFF);
    }

    @Test
    void emptyAndUndecodableBytesAreInvalidInput() {
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(EngineException.class)
                .hasMessage("image is empty");
        assertThatThrownBy(() -> decoder.decode("definitely not an image".getBytes()))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("format not recognised")
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(EngineException.Kind.INVALID_INPUT));
    }

    @Test
    void truncatedPngIsInvalidInput() throws IOException {
        byte[] png = encode(greyRamp(64, 64), "png");
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(EngineException.Kind.INVALID_INPUT));
    }

    @Test
    void oversizedBytesAndPixelCountsAreRefusedBeforeDecoding() throws IOException {
        byte[] png = encode(greyRamp(100, 100), "png");

        assertThatThrownBy(() -> new ImageDecoder(new ImageLimits(png.length - 1, 1_000_000)).decode(png))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("the limit is " + (png.length - 1) + " bytes")
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(EngineException.Kind.TOO_LARGE));
        assertThatThrownBy(() -> new ImageDecoder(new ImageLimits(1 << 20, 9_999)).decode(png))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("100x100 = 10000 pixels; the limit is 9999 pixels");
    }

    static Stream<Arguments> bombs() {
        return Stream.of(
                Arguments.of("png", HostileImages.pngDeclaring(60_000, 60_000), "60000x60000"),
                Arguments.of("jpeg", HostileImages.jpegDeclaring(65_000, 65_000), "65000x65000"),
                Arguments.of("tiff", HostileImages.tiffDeclaring(100_000, 100_000), "100000x100000"),
                Arguments.of("bmp", HostileImages.bmpDeclaring(20_000, 20_000), "20000x20000"),
                Arguments.of("wsq", HostileImages.wsqDeclaring(65_535, 65_535), "65535x65535"),
                Arguments.of("pgm", HostileImages.pgmDeclaring(100_000, 100_000), "100000x100000"));
    }

    /** A few hundred bytes declaring gigapixels: refused from the header, in every format, before any raster exists. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void decompressionBombsAreRefusedFromTheirHeaders(String format, byte[] bomb, String declared) {
        assertThat(bomb.length).isLessThan(2048);
        if (!format.equals("pgm")) {
            assertThatThrownBy(() -> decoder.decode(bomb))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.TOO_LARGE))
                    .hasMessageContaining(declared).hasMessageContaining("the limit is 25000000 pixels");
        }
        if (!format.equals("wsq")) {
            assertThatThrownBy(() -> decoder.checkLimits(bomb))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.TOO_LARGE))
                    .hasMessageContaining(declared);
        }
    }

    @Test
    void wideSamplesCountAgainstTheRasterLimit() {
        // 14 megapixels pass the pixel limit, but as 16-bit RGBA they would take 112 MB.
        byte[] deepColour = HostileImages.pngDeclaring(4000, 3500, 16, 6);
        assertThatThrownBy(() -> decoder.decode(deepColour))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.TOO_LARGE))
                .hasMessageContaining("4000x3500 at 64 bits per pixel")
                .hasMessageContaining("the limit is 100000000 bytes");
    }

    @Test
    void zeroSizedAndHeaderlessWsqAreInvalidInput() {
        assertThatThrownBy(() -> decoder.decode(HostileImages.pngDeclaring(0, 0)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT));
        assertThatThrownBy(() -> decoder.decode(HostileImages.wsqDeclaring(0, 0)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT))
                .hasMessageContaining("no pixels (0x0)");
        assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xFF, (byte) 0xA0, (byte) 0xFF, (byte) 0xA3, 0, 2}))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("WSQ image cannot be decoded: image data starts before the frame header");
    }
}
