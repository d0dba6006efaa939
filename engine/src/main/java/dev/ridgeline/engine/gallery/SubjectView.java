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
        Map<String, String> canonical = new HashMap<>();
        attributes.forEach((key, value) -> canonical.put(key.intern(), value.intern()));
        attributes = Map.copyOf(canonical);
    }

    public static SubjectView of(String gallery, SubjectRecord record) {
        return new SubjectView(gallery, record.subjectId(), record.attributes(),
                record.templates().stream().map(TemplateInfo::of).toList(), record.enrolled());
    }

    SubjectView withAttributes(Map<String, String> newAttributes) {
        return new SubjectView(gallery, subjectId, newAttributes, templates, enrolled);
    }
}
