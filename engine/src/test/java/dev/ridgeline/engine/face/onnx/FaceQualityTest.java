package dev.ridgeline.engine.face.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceQuality;
import dev.ridgeline.engine.face.FaceQualityGate;
import dev.ridgeline.engine.face.FaceSelection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The measured quality of real faces, and the gate's refusals with their reasons. */
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
        assertThat(quality.score()).isGreaterThanOrEqualTo(80);
        assertThat(Math.abs(quality.yawDegrees())).isLessThan(15);
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
        assertThat(quality.score()).isLessThan(20);
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
        FaceQuality profile = new FaceQuality(10, 80, 200, -62);
        assertThatThrownBy(() -> FaceQualityGate.DEFAULT.check(profile))
                .hasMessage("face too far from frontal: turned about 62 degrees, at most 45 allowed");
    }

    private static FaceQuality quality(Mat image) {
        return MODEL.capture(FaceTestImages.encode(image, ".png"), FaceSelection.LARGEST).quality();
    }
}
