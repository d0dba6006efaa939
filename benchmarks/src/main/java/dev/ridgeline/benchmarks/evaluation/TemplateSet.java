package dev.ridgeline.benchmarks.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's samples templated by one modality's extractor. A sample refused on the way is a
 * failure to enroll (for faces: no face detected) and is left out of the identity's templates.
 */
final class TemplateSet<T> {

    /** One identity's usable templates, in sample order. */
    record IdentityTemplates<T>(String id, List<T> templates) {
    }

    private final List<IdentityTemplates<T>> identities;
    private final Map<Path, T> bySample;
    private final int failedToEnroll;

    private TemplateSet(List<IdentityTemplates<T>> identities, Map<Path, T> bySample, int failedToEnroll) {
        this.identities = identities;
        this.bySample = bySample;
        this.failedToEnroll = failedToEnroll;
    }

    List<IdentityTemplates<T>> identities() {
        return identities;
    }

    int failedToEnroll() {
        return failedToEnroll;
    }

    /** The template of one sample of the dataset, or {@code null} if that sample was refused. */
    T template(Path sample) {
        return bySample.get(sample);
    }

    static <T> TemplateSet<T> extract(Dataset dataset, TemplateExtractor<T> extractor) {
        List<Path> files = dataset.identities().stream().flatMap(i -> i.samples().stream()).toList();
        List<T> templates = extractor.extractAll(files);
        Map<Path, T> bySample = new HashMap<>();
        List<IdentityTemplates<T>> identities = new ArrayList<>();
        int next = 0;
        for (Dataset.Identity identity : dataset.identities()) {
            List<T> usable = new ArrayList<>();
            for (Path sample : identity.samples()) {
                T template = templates.get(next++);
                if (template != null) {
                    usable.add(template);
                    bySample.put(sample, template);
                }
            }
            identities.add(new IdentityTemplates<>(identity.id(), usable));
        }
        return new TemplateSet<>(identities, bySample, files.size() - bySample.size());
    }
}
