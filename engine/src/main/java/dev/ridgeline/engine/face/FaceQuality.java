package dev.ridgeline.engine.face;

/**
 * How usable a face is: the measurements and their 0-100 summary.
 *
 * @param score               0-100 summary stored in the template
 * @param interOcularPixels   distance between the eye centres in the source image
 * @param sharpness           variance of the Laplacian of the aligned grey face (blur lowers it)
 * @param yawDegrees          estimated head turn left/right, 0 = frontal
 * @param outsideFraction     share of the aligned 112x112 crop that lay beyond the photo's edges
 *                            (filled by mirroring): 0 when the photo holds the whole crop
 * @param faceOutsideFraction the same share of the face itself (brows to chin, cheek to cheek): above
 *                            a little, the photo cut the face and its alignment is guesswork
 * @param detectionConfidence the detector's confidence in the face's box, 0-1
 * @param contrast            standard deviation of the aligned grey face, 0-255 grey levels
 * @param embeddingNorm       length of the model's vector before L2 normalisation
 */
public record FaceQuality(int score, double interOcularPixels, double sharpness, double yawDegrees,
                          double outsideFraction, double faceOutsideFraction, double detectionConfidence, double contrast, double embeddingNorm) {
}
