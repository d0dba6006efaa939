package dev.ridgeline.engine.face.onnx;

import static dev.ridgeline.engine.face.onnx.FaceTestImages.cosine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceSelection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * Photos cropped to the face box (card chip photos, legacy records): the aligned 112x112 crop
 * reaches beyond the image, and what fills that part must not read as part of the face.
 */
class FaceAlignerTest {

    private static final FaceModel MODEL = FaceTestImages.model();

    /**
     * With a black fill 12-35% of these crops were pure black. The cosine to the same face cropped
     * with room around it was 0.93-0.98 either way: the band is what the tight crops lost on.
     */
    @Test
    void faceCroppedToItsBoxAlignsWithoutABlackBandAndEmbedsCloseToTheWideCrop() {
        byte[] photo = FaceTestImages.photo(6);
        Mat image = FaceTestImages.decode(photo);
        for (FaceBox box : MODEL.detect(photo)) {
            Mat wide = FaceTestImages.cropAround(image, box, 2.0);
            Mat tight = FaceTestImages.cropAround(image, box, 1.0);
            FaceCapture tightCapture = MODEL.capture(FaceTestImages.encode(tight, ".png"), FaceSelection.LARGEST);
            FaceCapture wideCapture = MODEL.capture(FaceTestImages.encode(wide, ".png"), FaceSelection.LARGEST);
            FaceAligner.Aligned aligned = FaceAligner.align(tight, tightCapture.landmarks());

            assertThat(blackShare(aligned.image())).isLessThan(0.01);
            // The fill is recorded: 12-35% of these crops lay outside, none of the face itself.
            assertThat(aligned.outsideFraction()).isBetween(0.1, 0.4);
            assertThat(aligned.faceOutsideFraction()).isLessThan(0.05);
            assertThat(tightCapture.quality().outsideFraction()).isEqualTo(aligned.outsideFraction());
            assertThat(wideCapture.quality().outsideFraction()).isZero();
            assertThat(cosine(tightCapture.embedding(), wideCapture.embedding())).isGreaterThan(0.9);
            List.of(wide, tight, aligned.image()).forEach(Mat::release);
        }
        image.release();
    }

    /** Share of the crop's pixels that are black in every channel. */
    private static double blackShare(Mat bgr) {
        byte[] pixels = new byte[(int) (bgr.total() * bgr.channels())];
        bgr.get(0, 0, pixels);
        int black = 0;
        for (int i = 0; i < pixels.length; i += 3) {
            if (pixels[i] == 0 && pixels[i + 1] == 0 && pixels[i + 2] == 0) {
                black++;
            }
        }
        return (double) black / bgr.total();
    }
}
