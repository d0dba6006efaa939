package dev.ridgeline.engine.gallery;

import java.util.List;

/** Counts an operator sees when describing a gallery. */
public record GalleryStats(long subjects, long templates, List<Long> templatesPerShard, long templateMemoryBytes) {
}
