package dev.ridgeline.engine.face;

/** A detected face in image pixels, with the detector's confidence (0-1). */
public record FaceBox(double x, double y, double width, double height, double confidence) {
}
