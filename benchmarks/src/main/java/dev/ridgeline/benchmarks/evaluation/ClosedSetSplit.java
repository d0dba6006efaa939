package dev.ridgeline.benchmarks.evaluation;

import java.util.ArrayList;
import java.util.List;

/** The closed-set protocol's split: each identity's first template is enrolled, the rest probe; {@code mates} gives each probe's gallery index. */
record ClosedSetSplit<T>(List<T> gallery, List<T> probes, List<Integer> mates) {

    static <T> ClosedSetSplit<T> of(TemplateSet<T> set) {
        List<T> gallery = new ArrayList<>();
        List<T> probes = new ArrayList<>();
        List<Integer> mates = new ArrayList<>();
        for (TemplateSet.IdentityTemplates<T> identity : set.identities()) {
            if (identity.templates().isEmpty()) {
                continue;
            }
            int galleryIndex = gallery.size();
            gallery.add(identity.templates().get(0));
            for (T probe : identity.templates().subList(1, identity.templates().size())) {
                probes.add(probe);
                mates.add(galleryIndex);
            }
        }
        return new ClosedSetSplit<>(gallery, probes, mates);
    }
}
