package dev.ridgeline.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's change log: ordered, gap-free, durable across reopening, reset with its gallery. */
class ChangeFeedTest {

    @TempDir
    Path directory;

    private static SubjectRecord subject(String id, String programme) {
        TemplateEnvelope template = new TemplateEnvelope(Modality.FINGERPRINT, "sourceafis", "3.18.1", 2, 0, 31,
                id.getBytes());
        return new SubjectRecord(id, Map.of("programme", programme), List.of(template), Instant.now());
    }

    private static List<String> described(List<ChangeFeed.Change> changes) {
        return changes.stream().map(change -> change.sequence() + ":" + change.subjectId()
                + (change.deleted() ? " gone" : " " + change.subject().orElseThrow().attributes().get("programme")))
                .toList();
    }

    @Test
    void changesAreNumberedInCommitOrderAndSurviveReopening() {
        try (SubjectStore store = SubjectStore.open(directory)) {
            store.putGallery(new GalleryConfig("lookout", 1, 1e-4, Instant.now()));
            store.putSubjects("lookout", List.of(subject("A", "NEXUS"), subject("B", "NEXUS")));
            store.putSubject("lookout", subject("A", "FAST"));
            store.deleteSubject("lookout", "B");
            store.putSubject("other", subject("Z", "NEXUS"));
            assertThat(store.head("lookout")).isEqualTo(4);
        }
        try (SubjectStore store = SubjectStore.open(directory)) {
            assertThat(store.head("lookout")).isEqualTo(4);
            // an upsert carries the subject as it is now; B's upsert finds it deleted since
            assertThat(described(store.after("lookout", 0, 10))).containsExactly("1:A FAST", "2:B gone", "3:A FAST",
                    "4:B gone");
            assertThat(described(store.after("lookout", 2, 1))).containsExactly("3:A FAST");
            assertThat(store.after("lookout", 4, 10)).isEmpty();
            store.putSubject("lookout", subject("C", "NEXUS"));
            assertThat(described(store.after("lookout", 4, 10))).containsExactly("5:C NEXUS");
            assertThat(store.head("other")).isEqualTo(1);
        }
    }

    @Test
    void aWaitingReaderWakesOnTheNextChange() throws Exception {
        try (SubjectStore store = SubjectStore.open(directory)) {
            store.putSubject("lookout", subject("A", "NEXUS"));
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.awaitBeyond("lookout", 1, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            assertThat(waited).isNotDone();
            store.deleteSubject("lookout", "A");
            assertThat(waited.get()).isEqualTo(2);
            assertThat(store.awaitBeyond("lookout", 2, Duration.ofMillis(50))).isEqualTo(2);
        }
    }

    @Test
    void aDeletedGalleryStartsAgainAndOlderSubjectsAreLoggedOnFirstUse() {
        try (SubjectStore store = SubjectStore.open(directory)) {
            store.putSubjects("lookout", List.of(subject("A", "NEXUS"), subject("B", "NEXUS")));
            store.deleteGallery("lookout");
            assertThat(store.head("lookout")).isZero();
            assertThat(store.after("lookout", 0, 10)).isEmpty();
            store.putSubject("lookout", subject("C", "NEXUS"));
            assertThat(described(store.after("lookout", 0, 10))).containsExactly("1:C NEXUS");
        }
        // a store written before the change log: its subjects, without log entries
        try (SubjectStore store = SubjectStore.open(directory.resolve("older"))) {
            store.replaceStored(List.of(
                    new byte[][] {SubjectStore.subjectKey("old", "X"), RecordCodec.encodeSubject(subject("X", "NEXUS"))},
                    new byte[][] {SubjectStore.subjectKey("old", "Y"), RecordCodec.encodeSubject(subject("Y", "NEXUS"))}));
            assertThat(described(store.after("old", 0, 10))).containsExactly("1:X NEXUS", "2:Y NEXUS");
            assertThat(store.head("old")).isEqualTo(2);
        }
    }
}
