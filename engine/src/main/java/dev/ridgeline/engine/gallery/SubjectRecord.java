package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One enrolled subject as stored durably: its id, attributes and template envelopes. */
public record SubjectRecord(String subjectId, Map<String, String> attributes, List<TemplateEnvelope> templates,
                            Instant enrolled) {

    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_TEMPLATES = 20;

    public SubjectRecord {
        checkId(subjectId);
        attributes = Map.copyOf(attributes);
        templates = List.copyOf(templates);
    }

    public SubjectRecord withAttributes(Map<String, String> newAttributes) {
        return new SubjectRecord(subjectId, newAttributes, templates, enrolled);
    }

    public static void checkId(String subjectId) {
        if (subjectId == null || subjectId.isEmpty() || subjectId.length() > MAX_ID_LENGTH
                || !subjectId.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw EngineException.invalid("subject id must be 1-" + MAX_ID_LENGTH
                    + " printable ASCII characters without spaces, got '" + subjectId + "'");
        }
    }
}
