package dev.ridgeline.cluster.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.cluster.SubjectKey;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.store.KeyRing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes from many threads at once share transactions in a real PostgreSQL; each write returns
 * only once it is committed, and a row PostgreSQL refuses fails alone.
 */
class BatchedWritesTest {

    private static final int WRITERS = 40;
    private static final KeyRing KEYS = KeyRing.parse("test=" + Base64.getEncoder().encodeToString(new byte[32]), "test");
    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void everyWriteIsCommittedWhenItReturnsAndARefusedRowFailsAlone() throws Exception {
        try (PostgresStore store = PostgresStore.open(postgres.newDatabase(), KEYS);
             BatchedWrites writes = new BatchedWrites(store)) {
            store.createGallery(new GalleryConfig("nexus", 1, 1e-4, Instant.now()));
            CyclicBarrier together = new CyclicBarrier(WRITERS);
            List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                // Writer 7's gallery does not exist: PostgreSQL refuses its row (a foreign key).
                SubjectKey key = new SubjectKey(i == 7 ? "missing" : "nexus", "subject-" + i);
                byte[] record = {(byte) i};
                CompletableFuture<Boolean> outcome = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> {
                    try {
                        together.await();
                        writes.write(key, record);
                        // Returned means committed: another connection reads it at once.
                        outcome.complete(store.loadSealed(List.of(key)).get(key)[0] == record[0]);
                    } catch (EngineException e) {
                        outcome.complete(e.kind() == EngineException.Kind.STORAGE_FAILURE && key.gallery().equals("missing")
                                ? null : false);
                    } catch (Exception e) {
                        outcome.completeExceptionally(e);
                    }
                });
                outcomes.add(outcome);
            }
            for (int i = 0; i < WRITERS; i++) {
                assertThat(outcomes.get(i).get()).as("writer %d", i).isEqualTo(i == 7 ? null : true);
            }
            assertThat(store.keys()).hasSize(WRITERS - 1);
        }
    }

    @Test
    void aClosedWriterRefusesWritesUnavailable() {
        try (PostgresStore store = PostgresStore.open(postgres.newDatabase(), KEYS)) {
            store.createGallery(new GalleryConfig("nexus", 1, 1e-4, Instant.now()));
            BatchedWrites writes = new BatchedWrites(store);
            writes.close();
            assertThatThrownBy(() -> writes.write(new SubjectKey("nexus", "late"), new byte[] {1}))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE));
            assertThat(store.keys()).isEmpty();
        }
    }
}
