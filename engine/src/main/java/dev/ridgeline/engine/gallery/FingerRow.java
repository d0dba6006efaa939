package dev.ridgeline.engine.gallery;

import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.template.Modality;

/** One enrolled finger in a shard, held ready to match: never deserialized inside a search. */
record FingerRow(String subjectId, int position, FingerprintTemplate template) implements GalleryRow {

    @Override
    public Modality modality() {
        return Modality.FINGERPRINT;
    }
}
