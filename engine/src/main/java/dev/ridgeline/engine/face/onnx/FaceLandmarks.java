package dev.ridgeline.engine.face.onnx;

/**
 * The 68 iBUG points of one face in image pixels (x, y interleaved). Index ranges follow the
 * iBUG 300-W layout: 0-16 jaw, 27-35 nose, 36-41 and 42-47 the eyes on the image's left and
 * right, 48-67 mouth.
 */
record FaceLandmarks(double[] points) {

    static final int COUNT = 68;
    private static final int JAW_LEFT = 1;
    private static final int JAW_RIGHT = 15;
    private static final int NOSE_TIP = 30;
    private static final int LEFT_EYE_FIRST = 36;
    private static final int RIGHT_EYE_FIRST = 42;
    private static final int MOUTH_LEFT = 48;
    private static final int MOUTH_RIGHT = 54;

    double x(int index) {
        return points[2 * index];
    }

    double y(int index) {
        return points[2 * index + 1];
    }

    double leftEyeX() {
        return eyeMean(LEFT_EYE_FIRST, 0);
    }

    double leftEyeY() {
        return eyeMean(LEFT_EYE_FIRST, 1);
    }

    double rightEyeX() {
        return eyeMean(RIGHT_EYE_FIRST, 0);
    }

    double rightEyeY() {
        return eyeMean(RIGHT_EYE_FIRST, 1);
    }

    /** Angle of the line from the image-left eye to the image-right eye, radians (0 = level). */
    double eyeLineAngle() {
        return Math.atan2(rightEyeY() - leftEyeY(), rightEyeX() - leftEyeX());
    }

    double interOcularDistance() {
        return Math.hypot(rightEyeX() - leftEyeX(), rightEyeY() - leftEyeY());
    }

    /** Eye centres, nose tip, mouth corners: the five points the aligner and the API use. */
    double[] fivePoints() {
        return new double[] {
            leftEyeX(), leftEyeY(), rightEyeX(), rightEyeY(),
            x(NOSE_TIP), y(NOSE_TIP),
            x(MOUTH_LEFT), y(MOUTH_LEFT), x(MOUTH_RIGHT), y(MOUTH_RIGHT)};
    }

    /**
     * Head turn estimated from where the nose tip sits between the sides of the face, measured
     * along the eye line: centred is 0 degrees, at a side is 90. Positive when the nose points to
     * the image's right. A coarse geometric estimate, good enough to refuse profiles.
     */
    double yawDegrees() {
        double cos = Math.cos(eyeLineAngle());
        double sin = Math.sin(eyeLineAngle());
        double left = x(JAW_LEFT) * cos + y(JAW_LEFT) * sin;
        double right = x(JAW_RIGHT) * cos + y(JAW_RIGHT) * sin;
        double nose = x(NOSE_TIP) * cos + y(NOSE_TIP) * sin;
        double offset = (2 * (nose - left) / (right - left)) - 1;
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, offset))));
    }

    private double eyeMean(int first, int coordinate) {
        double sum = 0;
        for (int i = first; i < first + 6; i++) {
            sum += points[2 * i + coordinate];
        }
        return sum / 6;
    }
}
