package dev.ridgeline.benchmarks.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.opencv.OpenCvNative;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class PhotoTransformsTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCvNative.load();
    }

    @Test
    void tightCropKeepsTheBoxAndATenthOfItsSizeOnEachSide() {
        Mat image = new Mat(120, 100, CvType.CV_8UC3, Scalar.all(0));
        image.put(10, 20, 255, 255, 255);
        Mat crop = PhotoTransforms.tightCrop(image, new FaceBox(20, 10, 40, 50, 0.9), 0.1);
        assertEquals(48, crop.cols());
        assertEquals(60, crop.rows());
        // The box's corner sits one margin (4 px across, 5 down) inside the crop.
        assertEquals(255, crop.get(5, 4)[0]);
    }

    @Test
    void tightCropStopsAtTheImageEdge() {
        Mat image = new Mat(120, 100, CvType.CV_8UC3, Scalar.all(0));
        Mat crop = PhotoTransforms.tightCrop(image, new FaceBox(-10, 80, 50, 50, 0.9), 0.1);
        assertEquals(45, crop.cols());
        assertEquals(45, crop.rows());
    }

    @Test
    void lowLightDarkensMidtonesAndShadesTowardsTheRight() {
        Mat grey = new Mat(10, 101, CvType.CV_8UC3, Scalar.all(128));
        Mat white = new Mat(10, 101, CvType.CV_8UC3, Scalar.all(255));
        Mat darkGrey = PhotoTransforms.lowLight(grey);
        Mat darkWhite = PhotoTransforms.lowLight(white);
        assertArrayEquals(new double[] {46, 46, 46}, darkGrey.get(5, 0));
        // Gamma keeps white white; the shading alone dims the right edge to a quarter.
        assertEquals(255, darkWhite.get(5, 0)[0]);
        assertEquals(Math.round(255 * 0.625), darkWhite.get(5, 50)[0], 1);
        assertEquals(Math.round(255 * PhotoTransforms.SHADED_EDGE), darkWhite.get(5, 100)[0], 1);
        assertArrayEquals(darkGrey.get(3, 77), PhotoTransforms.lowLight(grey).get(3, 77));
    }
}
