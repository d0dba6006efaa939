package dev.ridgeline.server.cli;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jnbis.api.Jnbis;
import org.jnbis.api.model.Nist;
import org.jnbis.api.model.record.HighResolutionGrayscaleFingerprint;
import org.jnbis.api.model.record.TransactionInformation;
import org.jnbis.api.model.record.VariableResolutionFingerprint;

/**
 * Reads ANSI/NIST-ITL transaction files (traditional encoding, as jnbis parses them) into
 * enrollments: one subject per file, named by its transaction control number (field 1.009) or,
 * without one, by the file name. Its fingers are the Type-4 and Type-14 images of positions 1-10
 * (slaps and palms are left out), its face the first Type-10 image of type FACE. Images pass
 * through as encoded (WSQ, JPEG, JPEG 2000, PNG); uncompressed rasters are sent as PNG.
 */
final class NistTransactions {

    /** Extensions of transaction files in a folder. */
    private static final List<String> EXTENSIONS = List.of(".an2", ".nist", ".eft", ".int");
    private static final int DEFAULT_DPI = 500;
    private static final byte FILE_SEPARATOR = 0x1C;

    private NistTransactions() {
    }

    /** The transaction files named, folders expanded to the files they hold with a known extension. */
    static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> listing = Files.list(path)) {
            return listing.filter(file -> EXTENSIONS.stream().anyMatch(
                    extension -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension))).sorted().toList();
        }
    }

    /** One transaction's subject: its id and its samples. */
    record Transaction(String subjectId, List<Sample> samples) {
    }

    static Transaction read(Path file) throws IOException {
        Nist nist;
        try {
            nist = Jnbis.nist().decode(Files.readAllBytes(file));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a readable ANSI/NIST-ITL file: " + e.getMessage(), e);
        }
        TransactionInformation header = nist.getTransactionInfo();
        String tcn = header == null ? null : header.getControlNumber();
        String subject = tcn == null || tcn.isBlank() ? stem(file) : tcn.strip();
        List<Sample> samples = new ArrayList<>();
        int nativeDpi = header == null ? DEFAULT_DPI : dpiOfPixelsPerMillimetre(header.getNativeScanningResolution());
        for (HighResolutionGrayscaleFingerprint finger : nist.getHiResGrayscaleFingerprints()) {
            int position = firstInt(finger.getFingerPosition());
            if (position >= 1 && position <= 10) {
                samples.add(finger(position, nativeDpi, image(finger.getCompressionAlgorithm(), finger.getImageData(),
                        finger.getHorizontalLineLength(), finger.getVerticalLineLength())));
            }
        }
        for (VariableResolutionFingerprint finger : nist.getVariableResFingerprints()) {
            int position = firstInt(finger.getFingerPosition());
            if (position >= 1 && position <= 10) {
                samples.add(finger(position, dpi(finger.getScaleUnits(), finger.getHorizontalPixelScale(), nativeDpi),
                        image(finger.getCompressionAlgorithm(), taggedImageData(finger.getImageData()),
                                finger.getHorizontalLineLength(), finger.getVerticalLineLength())));
            }
        }
        nist.getFacialAndSmtImages().stream()
                .filter(image -> "FACE".equalsIgnoreCase(strip(image.getImageType())))
                .findFirst()
                .ifPresent(face -> samples.add(Sample.newBuilder().setModality(Modality.FACE)
                        .setImage(Image.newBuilder().setData(ByteString.copyFrom(taggedImageData(face.getImageData())))).build()));
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no fingerprint of positions 1-10 and no face image");
        }
        return new Transaction(subject, samples);
    }

    /**
     * jnbis hands a tagged record's image field over with the record's closing separator (FS)
     * still attached; the image ends one byte earlier.
     */
    private static byte[] taggedImageData(byte[] data) {
        return data.length > 0 && data[data.length - 1] == FILE_SEPARATOR ? Arrays.copyOf(data, data.length - 1) : data;
    }

    private static Sample finger(int position, int dpi, byte[] image) {
        return Sample.newBuilder().setModality(Modality.FINGERPRINT).setFingerPosition(position)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(image)).setDpi(dpi)).build();
    }

    /** Encoded images pass through; an uncompressed raster (Type-4 code 0, Type-14 NONE) becomes a PNG. */
    private static byte[] image(String compression, byte[] data, String width, String height) throws IOException {
        String code = strip(compression).toUpperCase(Locale.ROOT);
        if (!code.equals("0") && !code.equals("NONE")) {
            return data;
        }
        int w = firstInt(width);
        int h = firstInt(height);
        if (w <= 0 || h <= 0 || (long) w * h != data.length) {
            throw new IllegalArgumentException("an uncompressed fingerprint of " + w + "x" + h + " pixels holds "
                    + data.length + " bytes; expected one byte per pixel");
        }
        BufferedImage raster = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        raster.getRaster().setDataElements(0, 0, w, h, data);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(raster, "png", png);
        return png.toByteArray();
    }

    /** Type-14 scale: units 1 = pixels per inch, 2 = pixels per centimetre; 0 (aspect ratio only) falls back. */
    private static int dpi(String units, String scale, int fallback) {
        int value = firstInt(scale);
        return switch (firstInt(units)) {
            case 1 -> value > 0 ? value : fallback;
            case 2 -> value > 0 ? (int) Math.round(value * 2.54) : fallback;
            default -> fallback;
        };
    }

    /** Field 1.011 states the native scanning resolution in pixels per millimetre, e.g. 19.69 for 500 ppi. */
    private static int dpiOfPixelsPerMillimetre(String value) {
        try {
            double perMillimetre = Double.parseDouble(strip(value));
            return perMillimetre > 0 ? (int) Math.round(perMillimetre * 25.4) : DEFAULT_DPI;
        } catch (NumberFormatException e) {
            return DEFAULT_DPI;
        }
    }

    /** Fields may list several values; the first one counts. */
    private static int firstInt(String value) {
        String text = strip(value).split("[^0-9]", 2)[0];
        return text.isEmpty() ? -1 : Integer.parseInt(text);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
