package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.Modality;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subject attributes a gallery indexes with one bitmap per value. The set is fixed so that
 * a misspelt key is refused at enrollment instead of silently never matching a filter.
 */
public final class Attributes {

    public static final String PROGRAMME = "programme";
    public static final String DOCUMENT_TYPE = "document_type";
    public static final String ISSUING_COUNTRY = "issuing_country";
    public static final String STATUS = "status";
    /** Not set by clients: derived from each template's finger position (0 = unknown). */
    public static final String FINGER_POSITION = "finger_position";

    public static final List<String> SUBJECT_ATTRIBUTES = List.of(PROGRAMME, DOCUMENT_TYPE, ISSUING_COUNTRY, STATUS);
    public static final List<String> FILTERABLE = List.of(PROGRAMME, DOCUMENT_TYPE, ISSUING_COUNTRY, STATUS, FINGER_POSITION);

    private static final int MAX_VALUE_LENGTH = 64;

    private Attributes() {
    }

    /** Checks keys and values and returns a sorted, immutable copy. */
    public static Map<String, String> validated(Map<String, String> attributes) {
        TreeMap<String, String> sorted = new TreeMap<>();
        attributes.forEach((key, value) -> {
            if (!SUBJECT_ATTRIBUTES.contains(key)) {
                throw EngineException.invalid("unknown attribute '" + key + "'; subjects take " + SUBJECT_ATTRIBUTES);
            }
            sorted.put(key, checkedValue(key, value));
        });
        return Map.copyOf(sorted);
    }

    static String checkedValue(String key, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_VALUE_LENGTH
                || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw EngineException.invalid("attribute '" + key + "' needs a value of 1-" + MAX_VALUE_LENGTH
                    + " printable ASCII characters, got '" + value + "'");
        }
        return value;
    }

    /** Merges an update into current attributes: an empty value removes the key. */
    public static Map<String, String> updated(Map<String, String> current, Map<String, String> changes) {
        TreeMap<String, String> merged = new TreeMap<>(current);
        changes.forEach((key, value) -> {
            if (!SUBJECT_ATTRIBUTES.contains(key)) {
                throw EngineException.invalid("unknown attribute '" + key + "'; subjects take " + SUBJECT_ATTRIBUTES);
            }
            if (value == null || value.isEmpty()) {
                merged.remove(key);
            } else {
                merged.put(key, checkedValue(key, value));
            }
        });
        return Map.copyOf(merged);
    }

    /** Internal index of which rows hold which modality; not a subject attribute. */
    static String modalityKey(Modality modality) {
        return indexKey("modality", modality.name());
    }

    /** The bitmap key of one attribute value. */
    static String indexKey(String attribute, String value) {
        return attribute + '=' + value;
    }
}
