package dev.ridgeline.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectStoreTest {

    @TempDir
    Path directory;

    private static SubjectRecord subject(String id) {
        TemplateEnvelope template = new TemplateEnvelope(Modality.FINGERPRINT, "sourceafis", "3.18.1", 2, 0, 31,
                id.getBytes());
        return new SubjectRecord(id, Map.of("programme", "NEXUS"), List.of(template), Instant.ofEpochMilli(1_700_000_000_000L));
    }

    private static List<String> ids(SubjectStore store, String gallery) {
        List<String> ids = new ArrayList<>();
        store.forEachSubject(gallery, record -> ids.add(record.subjectId()));
        return ids;
    }

    @Test
    void recordsSurviveReopeningWithEveryField() {
        try (SubjectStore store = SubjectStore.open(directory)) {
            store.putGallery(new GalleryConfig("nexus", 4, 1e-5, Instant.ofEpochMilli(1_000)));
            store.putSubject("nexus", subject("A1"));
            store.putSubject("nexus", subject("B2"));
        }
        try (SubjectStore store = SubjectStore.open(directory)) {
            assertThat(store.galleries()).containsExactly(new GalleryConfig("nexus", 4, 1e-5, Instant.ofEpochMilli(1_000)));
            SubjectRecord a1 = store.subject("nexus", "A1").orElseThrow();
            assertThat(a1.attributes()).containsEntry("programme", "NEXUS");
            assertThat(a1.enrolled()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
            assertThat(a1.templates()).singleElement().satisfies(t -> {
                assertThat(t.payload()).isEqualTo("A1".getBytes());
                assertThat(t.position()).isEqualTo(2);
                assertThat(t.featureCount()).isEqualTo(31);
            });
            assertThat(ids(store, "nexus")).containsExactly("A1", "B2");
        }
    }

    @Test
    void galleriesDoNotSeeEachOthersSubjects() {
        try (SubjectStore store = SubjectStore.open(directory)) {
            store.putSubject("nexus", subject("A1"));
            store.putSubject("nexus-2", subject("Z9"));
            store.putSubject("nexu", subject("Q5"));

            assertThat(ids(store, "nexus")).containsExactly("A1");
            assertThat(ids(store, "nexu")).containsExactly("Q5");
        }
    }

    @Test
    void deletesAreDurable() {
        try (SubjectStore store = SubjectStore.open(directory)) {
            store.putGallery(new GalleryConfig("watchlist", 2, 1e-4, Instant.now()));
            store.putGallery(new GalleryConfig("sentri", 2, 1e-4, Instant.now()));
            store.putSubject("watchlist", subject("W1"));
            store.putSubject("watchlist", subject("W2"));
            store.putSubject("sentri", subject("S1"));
            store.putSubject("sentri", subject("S2"));
            store.deleteSubject("sentri", "S1");
            store.deleteGallery("watchlist");
        }
        try (SubjectStore store = SubjectStore.open(directory)) {
            assertThat(store.galleries()).extracting(GalleryConfig::name).containsExactly("sentri");
            assertThat(ids(store, "watchlist")).isEmpty();
            assertThat(ids(store, "sentri")).containsExactly("S2");
        }
    }
}
