package dev.ridgeline.engine.face.onnx;

import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/** One thread's set of loaded networks: an OpenCV {@link Net} must not run on two threads at once. */
record FaceNetworks(Net detector, Net landmarks, Net embedding) {

    static FaceNetworks load(FaceModelFiles files) {
        return new FaceNetworks(Dnn.readNetFromONNX(files.detector().toString()),
                Dnn.readNetFromONNX(files.landmarks().toString()),
                Dnn.readNetFromONNX(files.embedding().toString()));
    }
}
