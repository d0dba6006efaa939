package dev.ridgeline.engine.face.onnx;

import static dev.ridgeline.engine.face.onnx.FaceTestImages.cosine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceQuality;
import dev.ridgeline.engine.face.FaceQualityGate;
import dev.ridgeline.engine.face.FaceSelection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The measured quality of real faces, what lowers the score, and the gate's refusals with their reasons. */
class FaceQualityTest {

    private static final FaceModel MODEL = FaceTestImages.model();
    private static Mat face;

    @BeforeAll
    static void cropFrontalFace() {
        byte[] photo = FaceTestImages.photo(6);
        Mat image = FaceTestImages.decode(photo);
        FaceBox box = MODEL.detect(photo).get(2); // the most frontal of the four
        face = FaceTestImages.cropAround(image, box, 2.0);
        image.release();
    }

    @AfterAll
    static void release() {
        face.release();
    }

    @Test
    void sharpFrontalFacePassesWithHighScore() {
        FaceQuality quality = quality(face);
        FaceQualityGate.DEFAULT.check(quality);
        assertThat(quality.score()).isGreaterThanOrEqualTo(50);
        assertThat(Math.abs(quality.yawDegrees())).isLessThan(15);
        assertThat(quality.outsideFraction()).isZero();
    }

    /** Dim light costs the embedding its strength: the score falls with the cosine to the face as lit. */
    @Test
    void theScoreFallsAsTheFaceDarkens() {
        Mat dim = new Mat();
        Mat dark = new Mat();
        face.convertTo(dim, -1, 0.25, 0);
        face.convertTo(dark, -1, 0.12, 0);
        FaceCapture lit = capture(face);
        FaceCapture dimCapture = capture(dim);
        FaceCapture darkCapture = capture(dark);
        List.of(dim, dark).forEach(Mat::release);

        assertThat(dimCapture.quality().score()).isLessThan(lit.quality().score() - 10);
        assertThat(darkCapture.quality().score()).isLessThan(dimCapture.quality().score() - 10);
        assertThat(cosine(lit.embedding(), darkCapture.embedding()))
                .isLessThan(cosine(lit.embedding(), dimCapture.embedding()));
    }

    @Test
    void heavilyBlurredFaceIsRefused() {
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(face, blurred, new Size(0, 0), 6);
        FaceQuality quality = quality(blurred);
        blurred.release();
        assertThatThrownBy(() -> FaceQualityGate.DEFAULT.check(quality))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT))
                .hasMessageStartingWith("face too blurred: sharpness ").hasMessageContaining("at least 25.0 needed");
    }

    /**
     * A portrait cut down the middle of the face: what is left still detects, but the aligned crop
     * is half mirrored fill and embeds far from the whole face. Enrollment and probes refuse it.
     */
    @Test
    void aFaceCutByThePhotosEdgeIsRefusedEvenAsAProbe() {
        Mat half = face.submat(new Rect(0, 0, face.cols() / 2, face.rows())).clone();
        FaceCapture cut = capture(half);
        half.release();

        assertThat(cut.quality().faceOutsideFraction()).isGreaterThan(0.25);
        assertThat(cosine(cut.embedding(), capture(face).embedding())).isLessThan(0.6);
        assertThatThrownBy(() -> FaceQualityGate.DEFAULT.checkAligned(cut.quality()))
                .isInstanceOf(EngineException.class)
                .hasMessageMatching("face cut off by the photo's edge: \\d+% of the face lay outside the photo, at most 25%"
                        + " allowed; take the photo with the whole face and some room around it");
    }

    @Test
    void aMinimumScoreRefusesWeakerFacesNamingBoth() {
        FaceQuality quality = quality(face);
        FaceQualityGate strict = FaceQualityGate.DEFAULT.withMinScore(quality.score() + 1);
        assertThatThrownBy(() -> strict.check(quality)).isInstanceOf(EngineException.class)
                .hasMessage("face quality " + quality.score() + " is below this server's enrollment minimum of "
                        + (quality.score() + 1));
        FaceQualityGate.DEFAULT.withMinScore(quality.score()).check(quality);
        assertThatThrownBy(() -> FaceQualityGate.DEFAULT.withMinScore(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tinyFaceIsRefused() {
        Mat tiny = new Mat();
        Imgproc.resize(face, tiny, new Size(), 0.22, 0.22, Imgproc.INTER_AREA);
        Mat canvas = new Mat(400, 400, CvType.CV_8UC3, new Scalar(120, 120, 120));
        Mat target = canvas.submat(new Rect(150, 150, tiny.cols(), tiny.rows()));
        tiny.copyTo(target);
        FaceQuality quality = quality(canvas);
        for (Mat mat : new Mat[] {tiny, target, canvas}) {
            mat.release();
        }
        assertThat(quality.interOcularPixels()).isLessThan(30);
        assertThatThrownBy(() -> FaceQualityGate.DEFAULT.check(quality))
                .hasMessageMatching("face too small: \\d+ px between the eyes, at least 30 needed");
    }

    @Test
    void turnedFaceIsRefusedByPose() {
        FaceQuality profile = new FaceQuality(10, 80, 200, -62, 0, 0, 0.99, 50, 20);
        assertThatThrownBy(() -> FaceQualityGate.DEFAULT.check(profile))
                .hasMessage("face too far from frontal: turned about 62 degrees, at most 45 allowed");
    }

    private static FaceQuality quality(Mat image) {
        return capture(image).quality();
    }

    private static FaceCapture capture(Mat image) {
        return MODEL.capture(FaceTestImages.encode(image, ".png"), FaceSelection.LARGEST);
    }
}
