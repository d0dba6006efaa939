package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;

/** One enrolled template in a shard: rows of one subject are contiguous. */
sealed interface GalleryRow permits FingerRow, FaceRow {

    String subjectId();

    Modality modality();
}
