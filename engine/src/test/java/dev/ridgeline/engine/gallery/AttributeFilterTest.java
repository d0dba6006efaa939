package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeFilterTest {

    private static AttributeFilter filter(String attribute, String... values) {
        return new AttributeFilter(List.of(new AttributeFilter.Clause(attribute, List.of(values), false)));
    }

    @Test
    void acceptsIndexedAttributesAndFingerPositions() {
        assertThat(filter("programme", "NEXUS", "SENTRI").clauses()).hasSize(1);
        assertThat(filter("finger_position", "2", "7").clauses()).hasSize(1);
    }

    @Test
    void refusesUnknownAttributesEmptyClausesAndBadValues() {
        assertThatThrownBy(() -> filter("programm", "NEXUS")).isInstanceOf(EngineException.class)
                .hasMessageContaining("'programm' is not filterable");
        assertThatThrownBy(() -> filter("programme")).hasMessageContaining("lists no values");
        assertThatThrownBy(() -> filter("finger_position", "11")).hasMessageContaining("finger_position takes 0-10");
        assertThatThrownBy(() -> filter("status", "")).hasMessageContaining("needs a value");
    }

    @Test
    void subjectAttributesAreCheckedAndUpdatesCanRemoveKeys() {
        assertThatThrownBy(() -> Attributes.validated(Map.of("colour", "red"))).hasMessageContaining("unknown attribute 'colour'");
        Map<String, String> current = Attributes.validated(Map.of("programme", "NEXUS", "status", "ACTIVE"));

        Map<String, String> updated = Attributes.updated(current, Map.of("status", "", "issuing_country", "CAN"));

        assertThat(updated).containsOnly(Map.entry("programme", "NEXUS"), Map.entry("issuing_country", "CAN"));
    }
}
