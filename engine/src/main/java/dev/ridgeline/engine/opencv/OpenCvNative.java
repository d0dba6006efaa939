package dev.ridgeline.engine.opencv;

/**
 * Loads OpenCV's native library once per process, on first use. Faces need it always;
 * fingerprints only when an image enhancement is asked for, so plain fingerprint service never loads it.
 */
public final class OpenCvNative {

    private static volatile boolean loaded;

    private OpenCvNative() {
    }

    public static void load() {
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
