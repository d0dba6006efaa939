package dev.ridgeline.engine.face.onnx;

import org.opencv.core.Mat;

/** Reading network outputs into Java arrays. */
final class Blobs {

    private Blobs() {
    }

    /** Every value of a float blob of any shape, in memory order. */
    static float[] floats(Mat blob) {
        float[] values = new float[(int) blob.total()];
        blob.get(new int[blob.dims()], values);
        return values;
    }
}
