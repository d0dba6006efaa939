package dev.ridgeline.benchmarks.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

    /** The sample a template was made from (compared by identity: equal templates of two samples stay apart). */
    Path sampleOf(T template) {
        return bySample.entrySet().stream().filter(entry -> entry.getValue() == template).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a template of this set"));
    }

    /** The same samples in another form (e.g. a second matcher's template made from each). */
    <U> TemplateSet<U> map(Function<T, U> convert) {
        List<T> flat = identities.stream().flatMap(identity -> identity.templates().stream()).toList();
        List<U> converted = flat.parallelStream().map(convert).toList();
        Map<T, U> byTemplate = new IdentityHashMap<>();
        for (int i = 0; i < flat.size(); i++) {
            byTemplate.put(flat.get(i), converted.get(i));
        }
        Map<Path, U> samples = new HashMap<>();
        bySample.forEach((sample, template) -> samples.put(sample, byTemplate.get(template)));
        List<IdentityTemplates<U>> mapped = identities.stream().map(identity -> new IdentityTemplates<>(identity.id(),
                identity.templates().stream().map(byTemplate::get).toList())).toList();
        return new TemplateSet<>(mapped, samples, failedToEnroll);
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
