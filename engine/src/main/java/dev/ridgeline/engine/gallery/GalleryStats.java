package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;
import java.util.List;
import java.util.Map;

/** Counts an operator sees when describing a gallery, in total and per modality. */
public record GalleryStats(long subjects, long templates, List<Long> templatesPerShard, long templateMemoryBytes,
                           Map<Modality, ModalityStats> byModality) {

    /**
     * @param subjects subjects holding at least one template of the modality
     */
    public record ModalityStats(long subjects, List<Long> templatesPerShard, long templateMemoryBytes) {

        public long templates() {
            return templatesPerShard.stream().mapToLong(Long::longValue).sum();
        }
    }
}
