package dev.ridgeline.engine.face;

/** Which face a request means when a photo holds several. */
public enum FaceSelection {
    /** Exactly one face (enrollment): none or several is an error. */
    SINGLE,
    /** The face with the largest box. */
    LARGEST,
    /** The face whose box centre is nearest the image centre. */
    MOST_CENTRAL
}
