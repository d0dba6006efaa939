package dev.ridgeline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrollments that share synced writes: every acknowledged subject is searchable at once and
 * still there after the store is reopened, an id is taken exactly once however many threads race
 * for it, and a refused subject of a batch fails alone.
 */
class EnrollmentTest {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(5, 512, 0.6);
    private static final int THREADS = 8;

    @TempDir
    Path dataDirectory;

    static Sample face(int identity, int capture) {
        FaceTemplates model = FaceTemplates.FACEPLUGIN;
        QuantizedFace vector = QuantizedFace.of(FACES.capture(identity, capture));
        return Sample.template(0, new TemplateEnvelope(Modality.FACE, model.algorithm(), model.version(), 0, 0,
                model.dimension(), vector.toPayload()).toBytes());
    }

    static RidgelineEngine open(Path dataDirectory) {
        RidgelineEngine engine = new RidgelineEngine(EngineConfig.defaults(dataDirectory));
        engine.load(progress -> { });
        return engine;
    }

    private static String bestMatch(RidgelineEngine engine, String gallery, int identity) {
        return engine.identify(gallery, List.of(face(identity, 1)), AttributeFilter.NONE,
                1, 0, 0, true, SearchMode.TWO_STAGE, Cancellation.NEVER).candidates().getFirst().score().subjectId();
    }

    @Test
    void concurrentEnrollmentsAreSearchableOnReturnAndSurviveReopening() throws Exception {
        int perThread = 40;
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        try (RidgelineEngine engine = open(dataDirectory)) {
            engine.createGallery("g", 2, 0);
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int identity = thread * perThread + i;
                        engine.enroll("g", "S" + identity, List.of(face(identity, 0)), Map.of(), false);
                        assertThat(bestMatch(engine, "g", identity)).isEqualTo("S" + identity);
                        acknowledged.add("S" + identity);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            clients.shutdown();
        }
        try (RidgelineEngine reopened = open(dataDirectory)) {
            assertThat(reopened.gallery("g").stats().subjects()).isEqualTo(acknowledged.size());
            for (String id : acknowledged) {
                assertThat(reopened.subject("g", id).templates()).hasSize(1);
            }
        }
    }

    @Test
    void anIdThatThreadsRaceForIsEnrolledExactlyOnce() throws Exception {
        int ids = 20;
        try (RidgelineEngine engine = open(dataDirectory)) {
            engine.createGallery("g", 2, 0);
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            for (int id = 0; id < ids; id++) {
                AtomicInteger enrolled = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int identity = id * THREADS + t;
                    String subjectId = "S" + id;
                    done.add(clients.submit(() -> {
                        start.await();
                        try {
                            engine.enroll("g", subjectId, List.of(face(identity, 0)), Map.of(), false);
                            enrolled.incrementAndGet();
                        } catch (EngineException e) {
                            assertThat(e.kind()).isEqualTo(EngineException.Kind.ALREADY_EXISTS);
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get();
                }
                assertThat(enrolled.get()).as("enrollments of S%d that succeeded", id).isEqualTo(1);
                assertThat(refused.get()).isEqualTo(THREADS - 1);
            }
            clients.shutdown();
            assertThat(engine.gallery("g").stats().subjects()).isEqualTo(ids);
        }
        try (RidgelineEngine reopened = open(dataDirectory)) {
            assertThat(reopened.gallery("g").stats().subjects()).isEqualTo(ids);
        }
    }

    @Test
    void aRefusedSubjectOfABatchFailsAloneAndTheRestAreEnrolled() {
        try (RidgelineEngine engine = open(dataDirectory)) {
            engine.createGallery("g", 2, 0);
            engine.enroll("g", "taken", List.of(face(100, 0)), Map.of(), false);
            List<EnrollOutcome> outcomes = engine.enrollAll(List.of(
                    new NewSubject("g", "A", List.of(face(1, 0)), Map.of("programme", "NEXUS"), false),
                    new NewSubject("g", "bad-template", List.of(Sample.template(0, "junk".getBytes())), Map.of(), false),
                    new NewSubject("g", "A", List.of(face(2, 0)), Map.of(), false),
                    new NewSubject("g", "taken", List.of(face(3, 0)), Map.of(), false),
                    new NewSubject("nowhere", "C", List.of(face(4, 0)), Map.of(), false),
                    new NewSubject("g", "B", List.of(face(5, 0)), Map.of(), false),
                    new NewSubject("g", "twin-of-A", List.of(face(1, 2)), Map.of(), true)));
            assertThat(outcomes).extracting(o -> o.failure() == null ? null
                            : ((EngineException) o.failure()).kind())
                    .containsExactly(null, EngineException.Kind.INVALID_INPUT, EngineException.Kind.ALREADY_EXISTS,
                            EngineException.Kind.ALREADY_EXISTS, EngineException.Kind.NOT_FOUND, null,
                            EngineException.Kind.ALREADY_EXISTS);
            assertThat(outcomes.getFirst().enrolled().attributes()).containsEntry("programme", "NEXUS");
            assertThat(outcomes.getLast().failure()).hasMessageContaining("duplicate enrollment");
            assertThat(bestMatch(engine, "g", 5)).isEqualTo("B");
        }
        try (RidgelineEngine reopened = open(dataDirectory)) {
            assertThat(reopened.gallery("g").stats().subjects()).isEqualTo(3);
            assertThat(reopened.subject("g", "A").attributes()).containsEntry("programme", "NEXUS");
            assertThatThrownBy(() -> reopened.subject("g", "bad-template")).isInstanceOf(EngineException.class);
        }
    }
}
