package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts an operator sees when describing a gallery, in total and per modality. Serializable: a
 * cluster adds up its members' shares of a gallery ({@link #plus}).
 */
public record GalleryStats(long subjects, long templates, List<Long> templatesPerShard, long templateMemoryBytes,
                           Map<Modality, ModalityStats> byModality) implements Serializable {

    public GalleryStats {
        templatesPerShard = List.copyOf(templatesPerShard);
        byModality = Map.copyOf(byModality);
    }

    /**
     * @param subjects subjects holding at least one template of the modality
     */
    public record ModalityStats(long subjects, List<Long> templatesPerShard, long templateMemoryBytes)
            implements Serializable {

        public ModalityStats {
            templatesPerShard = List.copyOf(templatesPerShard);
        }

        public long templates() {
            return templatesPerShard.stream().mapToLong(Long::longValue).sum();
        }

        ModalityStats plus(ModalityStats other) {
            return new ModalityStats(subjects + other.subjects, sum(templatesPerShard, other.templatesPerShard),
                    templateMemoryBytes + other.templateMemoryBytes);
        }
    }

    /** Nothing held yet. */
    public static GalleryStats empty() {
        return new GalleryStats(0, 0, List.of(), 0, Map.of());
    }

    /** Two disjoint parts of one gallery (shard by shard: members of a cluster shard alike) as one. */
    public GalleryStats plus(GalleryStats other) {
        Map<Modality, ModalityStats> modalities = new EnumMap<>(Modality.class);
        modalities.putAll(byModality);
        other.byModality.forEach((modality, stats) -> modalities.merge(modality, stats, ModalityStats::plus));
        return new GalleryStats(subjects + other.subjects, templates + other.templates,
                sum(templatesPerShard, other.templatesPerShard), templateMemoryBytes + other.templateMemoryBytes,
                modalities);
    }

    private static List<Long> sum(List<Long> a, List<Long> b) {
        List<Long> sum = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            sum.add((i < a.size() ? a.get(i) : 0) + (i < b.size() ? b.get(i) : 0));
        }
        return sum;
    }
}
