package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;

/** One enrolled face; its vector is in the shard's {@link FaceBlock}, at the slot the snapshot maps its row to. */
record FaceRow(String subjectId) implements GalleryRow {

    @Override
    public Modality modality() {
        return Modality.FACE;
    }
}
