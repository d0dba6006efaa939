package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.template.Modality;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubjectTableTest {

    private static final Instant ENROLLED = Instant.parse("2026-12-04T19:05:01.123456789Z");

    private static SubjectView subject(String id, Map<String, String> attributes) {
        return new SubjectView("g", id, attributes, List.of(
                new TemplateInfo(Modality.FINGERPRINT, "sourceafis", "3.18.1", 2, 87, 41, 512),
                new TemplateInfo(Modality.FACE, "faceplugin", "1", 0, 100, 512, 540)), ENROLLED);
    }

    @Test
    void aSubjectComesBackAsItWentIn() {
        SubjectTable table = new SubjectTable();
        SubjectView added = subject("traveller-0001", Map.of(Attributes.PROGRAMME, "nexus"));
        int ordinal = table.add(added, 7, 2);

        assertThat(table.ordinalOf("traveller-0001")).isEqualTo(ordinal);
        assertThat(table.view("g", ordinal)).isEqualTo(added);
        assertThat(table.firstRow(ordinal)).isEqualTo(7);
        assertThat(table.rowCount(ordinal)).isEqualTo(2);
        assertThat(table.names().id(ordinal)).isEqualTo("traveller-0001");
    }

    @Test
    void manySubjectsAreFoundAfterRemovalsAndRehashes() {
        SubjectTable table = new SubjectTable();
        String longest = "x".repeat(SubjectRecord.MAX_ID_LENGTH);
        table.add(subject(longest, Map.of()), 0, 1);
        for (int i = 0; i < 20_000; i++) {
            table.add(subject("S" + i, Map.of(Attributes.STATUS, i % 2 == 0 ? "active" : "revoked")), i + 1, 1);
        }
        for (int i = 0; i < 20_000; i += 3) {
            table.remove("S" + i);
        }
        for (int i = 20_000; i < 30_000; i++) { // reuses slots freed by removals, rehashing on the way
            table.add(subject("S" + i, Map.of()), i + 1, 1);
        }

        assertThat(table.ordinalOf(longest)).isZero();
        assertThat(table.names().id(0)).isEqualTo(longest);
        for (int i = 0; i < 30_000; i++) {
            int ordinal = table.ordinalOf("S" + i);
            if (i < 20_000 && i % 3 == 0) {
                assertThat(ordinal).as("removed S%d", i).isEqualTo(-1);
            } else {
                assertThat(ordinal).as("S%d", i).isEqualTo(i + 1);
                assertThat(table.names().id(ordinal)).isEqualTo("S" + i);
            }
        }
        assertThat(table.size()).isEqualTo(1 + 30_000 - 6_667);
        assertThat(table.attributes(table.ordinalOf("S1"))).containsEntry(Attributes.STATUS, "revoked");
    }

    @Test
    void attributesChangeInPlaceAndAnIdIsAddedOnce() {
        SubjectTable table = new SubjectTable();
        int ordinal = table.add(subject("A", Map.of(Attributes.STATUS, "active")), 0, 2);
        table.setAttributes(ordinal, Map.of(Attributes.STATUS, "revoked"));

        assertThat(table.view("g", ordinal).attributes()).isEqualTo(Map.of(Attributes.STATUS, "revoked"));
        assertThatThrownBy(() -> table.add(subject("A", Map.of()), 2, 1)).isInstanceOf(IllegalStateException.class);
    }
}
