package dev.ridgeline.engine.gallery;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A subject as a gallery holds it in memory, for GetSubject and search results. */
public record SubjectView(String gallery, String subjectId, Map<String, String> attributes,
                          List<TemplateInfo> templates, Instant enrolled) {

    /**
     * Attribute keys and values come from a small vocabulary but arrive as fresh strings with
     * every request and stored record; a gallery of millions keeps one copy of each.
     */
    public SubjectView {
        attributes = canonical(attributes);
    }

    static Map<String, String> canonical(Map<String, String> attributes) {
        Map<String, String> canonical = new HashMap<>();
        attributes.forEach((key, value) -> canonical.put(key.intern(), value.intern()));
        return Map.copyOf(canonical);
    }

    public static SubjectView of(String gallery, SubjectRecord record) {
        return new SubjectView(gallery, record.subjectId(), record.attributes(),
                record.templates().stream().map(TemplateInfo::of).toList(), record.enrolled());
    }
}
