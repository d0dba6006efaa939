package dev.ridgeline.engine.face.onnx;

/**
 * One detector pass: the image resized by {@code scale}, and the 320x240 window of that resized
 * image starting at ({@code originX}, {@code originY}) (negative origins pad the image). A face
 * cut by an edge the window shares with a neighbour is found whole by the neighbour, so boxes
 * touching such an interior edge are dropped.
 */
record DetectionWindow(double scale, int originX, int originY,
                       boolean interiorLeft, boolean interiorTop, boolean interiorRight, boolean interiorBottom) {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    static DetectionWindow whole(double scale, int originX, int originY) {
        return new DetectionWindow(scale, originX, originY, false, false, false, false);
    }
}
