package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceChooser;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceSelection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * What evaluate does to each face photo before templating it, so the dev sets also measure tight
 * crops and low light. A tight crop is cut around the face box Ridgeline's detector finds on the
 * original photo (the most central face, as evaluation templates it); a photo where none is
 * found stays whole and is counted. Changed photos are re-encoded as PNG, losslessly.
 */
public final class PhotoVariant {

    enum Crop { NONE, TIGHT }

    enum Light { NORMAL, LOW }

    /** Margin around the detected box, as a fraction of its size on each side. */
    static final double TIGHT_MARGIN = 0.1;

    private final Crop crop;
    private final Light light;
    private final AtomicInteger uncropped = new AtomicInteger();

    PhotoVariant(Crop crop, Light light) {
        this.crop = crop;
        this.light = light;
    }

    boolean changesPhotos() {
        return crop != Crop.NONE || light != Light.NORMAL;
    }

    /** {@code extractor} applied to each photo after this variant's changes. */
    TemplateExtractor<FaceVectors> around(FaceModel model, TemplateExtractor<FaceVectors> extractor) {
        if (!changesPhotos()) {
            return extractor;
        }
        return encoded -> extractor.extract(transform(model, encoded));
    }

    /** {@code photo} cut to its face as {@code evaluate --crop tight} cuts it, as PNG (whole when no face is found). */
    public static byte[] tightCrop(FaceModel model, byte[] photo) {
        return new PhotoVariant(Crop.TIGHT, Light.NORMAL).transform(model, photo);
    }

    private byte[] transform(FaceModel model, byte[] encoded) {
        Mat image = Imgcodecs.imdecode(new MatOfByte(encoded), Imgcodecs.IMREAD_COLOR);
        try {
            if (crop == Crop.TIGHT) {
                image = replace(image, cropped(model, encoded, image));
            }
            if (light == Light.LOW) {
                image = replace(image, PhotoTransforms.lowLight(image));
            }
            MatOfByte png = new MatOfByte();
            try {
                Imgcodecs.imencode(".png", image, png);
                return png.toArray();
            } finally {
                png.release();
            }
        } finally {
            image.release();
        }
    }

    private Mat cropped(FaceModel model, byte[] encoded, Mat image) {
        List<FaceBox> faces = model.detect(encoded);
        if (faces.isEmpty()) {
            uncropped.incrementAndGet();
            return image.clone();
        }
        FaceBox face = FaceChooser.choose(faces, FaceSelection.MOST_CENTRAL, image.cols(), image.rows());
        return PhotoTransforms.tightCrop(image, face, TIGHT_MARGIN);
    }

    private static Mat replace(Mat old, Mat replacement) {
        old.release();
        return replacement;
    }

    /** The row naming the variant, after extraction (the uncropped count is known then). */
    void describe(Figures figures, int photos) {
        if (changesPhotos()) {
            figures.row("photo variant", "crop " + name(crop) + ", light " + name(light) + (crop == Crop.TIGHT
                    ? String.format(Locale.ROOT, " (face box + %.0f%% margin; %d of %d photos had no face to crop"
                            + " and stayed whole)", 100 * TIGHT_MARGIN, uncropped.get(), photos) : ""));
        }
    }

    /** RESULT keys naming the variant, to follow the standard ones. */
    void results(Figures figures) {
        if (changesPhotos()) {
            figures.result("crop", name(crop));
            figures.result("light", name(light));
            figures.result("uncropped", uncropped.get());
        }
    }

    private static String name(Enum<?> option) {
        return option.name().toLowerCase(Locale.ROOT);
    }
}
