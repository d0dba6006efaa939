package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;

/** One enrolled face: its vector is slot {@code slot} of the shard's {@link FaceBlock}. */
record FaceRow(String subjectId, int slot) implements GalleryRow {

    @Override
    public Modality modality() {
        return Modality.FACE;
    }
}
