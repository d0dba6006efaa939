package dev.ridgeline.engine.face.onnx;

/** Loads OpenCV's native library once per process, on first use. */
final class OpenCvNative {

    private static volatile boolean loaded;

    private OpenCvNative() {
    }

    static void load() {
        if (!loaded) {
            synchronized (OpenCvNative.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
