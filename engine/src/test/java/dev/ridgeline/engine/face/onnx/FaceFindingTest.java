package dev.ridgeline.engine.face.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Which faces the pipeline finds, and the errors when the photo does not hold what was asked. */
class FaceFindingTest {

    private static final FaceModel MODEL = FaceTestImages.model();

    @Test
    void findsEveryFaceInTheDemoPhotos() {
        int[] people = {3, 3, 3, 4, 5, 4};
        for (int photo = 1; photo <= people.length; photo++) {
            List<FaceBox> faces = MODEL.detect(FaceTestImages.photo(photo));
            assertThat(faces).as("sample%d", photo).hasSize(people[photo - 1]);
            assertThat(faces).isSortedAccordingTo((a, b) -> Double.compare(b.width() * b.height(), a.width() * a.height()));
        }
    }

    @Test
    void imageWithoutFaceIsRefusedWithReason() {
        byte[] fingerprint = new SyntheticFingerprints(7).impressionPng(0, 0);
        assertThatThrownBy(() -> MODEL.capture(fingerprint, FaceSelection.SINGLE))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT))
                .hasMessageStartingWith("no face found");
    }

    @Test
    void severalFacesAreRefusedForEnrollmentButServeOtherSelections() {
        byte[] photo = FaceTestImages.photo(5);
        assertThatThrownBy(() -> MODEL.capture(photo, FaceSelection.SINGLE))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT))
                .hasMessageStartingWith("5 faces found; enrollment needs exactly one");
        List<FaceBox> faces = MODEL.detect(photo);
        FaceCapture largest = MODEL.capture(photo, FaceSelection.LARGEST);
        assertThat(largest.box()).isEqualTo(faces.get(0));
        FaceCapture central = MODEL.capture(photo, FaceSelection.MOST_CENTRAL);
        assertThat(central.box()).isNotEqualTo(largest.box());
        assertThat(FaceTestImages.cosine(largest.embedding(), central.embedding())).isLessThan(0.35);
    }

    @Test
    void findsSmallFaceInLargePhoto() {
        Mat photo = FaceTestImages.decode(FaceTestImages.photo(6));
        FaceBox box = MODEL.detect(FaceTestImages.photo(6)).get(0);
        Mat face = FaceTestImages.cropAround(photo, box, 1.6);
        double shrink = 90 / Math.max(box.width(), box.height());
        Mat small = new Mat();
        Imgproc.resize(face, small, new Size(), shrink, shrink, Imgproc.INTER_AREA);
        Mat canvas = new Mat(3000, 4000, CvType.CV_8UC3, new Scalar(90, 110, 100));
        Mat target = canvas.submat(new Rect(2900, 700, small.cols(), small.rows()));
        small.copyTo(target);
        byte[] encoded = FaceTestImages.encode(canvas, ".jpg");
        List.of(photo, face, small, target, canvas).forEach(Mat::release);

        FaceCapture capture = MODEL.capture(encoded, FaceSelection.SINGLE);
        assertThat(capture.box().x()).isBetween(2900.0, 2900.0 + 90);
        assertThat(capture.box().width()).isBetween(60.0, 120.0);
    }

    @Test
    void findsTightGreyPortraitLikeOrl() {
        Mat photo = FaceTestImages.decode(FaceTestImages.photo(6));
        FaceBox box = MODEL.detect(FaceTestImages.photo(6)).get(1);
        Mat tight = photo.submat(new Rect((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height()));
        Mat grey = new Mat();
        Imgproc.cvtColor(tight, grey, Imgproc.COLOR_BGR2GRAY);
        Mat portrait = new Mat();
        Imgproc.resize(grey, portrait, new Size(92, 112), 0, 0, Imgproc.INTER_AREA);
        byte[] pgm = FaceTestImages.encode(portrait, ".pgm");
        List.of(photo, tight, grey, portrait).forEach(Mat::release);

        assertThat(new String(pgm, 0, 2)).isEqualTo("P5");
        FaceCapture capture = MODEL.capture(pgm, FaceSelection.SINGLE);
        assertThat(capture.quality().interOcularPixels()).isBetween(20.0, 60.0);
    }

    /**
     * Each of sample 6's four faces cropped to its box plus 10% a side (a card chip photo) is boxed
     * as in the whole photo: mean overlap 0.92 when the frame-filling face is boxed again inside a
     * border, 0.84 from the plain pass alone.
     */
    @Test
    void boxesAFaceCroppedTightAsInTheWholePhoto() {
        byte[] encoded = FaceTestImages.photo(6);
        Mat photo = FaceTestImages.decode(encoded);
        double overlaps = 0;
        List<FaceBox> boxes = MODEL.detect(encoded);
        for (FaceBox box : boxes) {
            int left = (int) Math.max(0, box.x() - 0.1 * box.width());
            int top = (int) Math.max(0, box.y() - 0.1 * box.height());
            int right = (int) Math.min(photo.cols(), box.x() + 1.1 * box.width());
            int bottom = (int) Math.min(photo.rows(), box.y() + 1.1 * box.height());
            Mat tight = photo.submat(new Rect(left, top, right - left, bottom - top));
            FaceBox found = MODEL.detect(FaceTestImages.encode(tight, ".png")).get(0);
            tight.release();
            overlaps += BoxMerger.intersectionOverUnion(box, new FaceBox(found.x() + left, found.y() + top,
                    found.width(), found.height(), found.confidence()));
        }
        photo.release();

        assertThat(overlaps / boxes.size()).isGreaterThan(0.88);
    }

    /**
     * The smallest of sample 1's three faces, darkened (gamma 2.5, 60%) and shaded to black at the
     * right: only the retry on a contrast-normalised copy finds it.
     */
    @Test
    void findsDarkFaceLitFromOneSide() {
        Mat photo = FaceTestImages.decode(FaceTestImages.photo(1));
        FaceBox box = MODEL.detect(FaceTestImages.photo(1)).get(2);
        Mat face = FaceTestImages.cropAround(photo, box, 2.0);
        Mat lut = new Mat(1, 256, CvType.CV_8U);
        byte[] darker = new byte[256];
        for (int value = 0; value < 256; value++) {
            darker[value] = (byte) Math.round(0.6 * 255 * Math.pow(value / 255.0, 2.5));
        }
        lut.put(0, 0, darker);
        Mat dark = new Mat();
        Core.LUT(face, lut, dark);
        for (int x = 0; x < dark.cols(); x++) {
            Mat column = dark.col(x);
            Core.multiply(column, Scalar.all(1 - (double) x / dark.cols()), column);
            column.release();
        }
        byte[] encoded = FaceTestImages.encode(dark, ".png");
        List.of(photo, face, lut, dark).forEach(Mat::release);

        assertThat(MODEL.detect(encoded)).hasSize(1);
    }

    @Test
    void refusesImageAboveThePixelLimitBeforeDecoding() {
        try (FaceModel limited = OpenCvFaceModel.open(FaceTestImages.modelDirectory(), new ImageLimits(16 << 20, 1_000_000))) {
            assertThatThrownBy(() -> limited.capture(FaceTestImages.photo(1), FaceSelection.SINGLE))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.TOO_LARGE))
                    .hasMessageContaining("1920x1280").hasMessageContaining("the limit is 1000000 pixels");
        }
    }

    @Test
    void refusesOversizedGreyPortraitFromItsHeader() {
        byte[] header = "P5\n# huge\n60000 60000\n255\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> MODEL.detect(header))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.TOO_LARGE))
                .hasMessageContaining("60000x60000");
    }

    @Test
    void refusesBytesThatAreNoImage() {
        assertThatThrownBy(() -> MODEL.detect(new byte[] {1, 2, 3, 4}))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT));
    }
}
