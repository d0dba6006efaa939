package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;

/** One enrolled finger in a shard; its template lives in the shard's {@link FingerBlock}. */
record FingerRow(String subjectId, int position) implements GalleryRow {

    @Override
    public Modality modality() {
        return Modality.FINGERPRINT;
    }
}
