package dev.ridgeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.store.KeyRing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Enrollment throughput of two in-JVM members over a real PostgreSQL, without gRPC: 4 writers
 * each enrolling batches of 256 faces through a member, as BulkEnroll streams do. A measurement,
 * not a test: {@code mvn -B -o -pl cluster -am test -Dtest=ClusterEnrollMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dridgeline.measure=cluster-enroll
 * -Dridgeline.measure.subjects=4000}; prints one RESULT line.
 */
@EnabledIfSystemProperty(named = "ridgeline.measure", matches = "cluster-enroll")
class ClusterEnrollMeasurement extends PostgresBackedTest {

    private static final int SUBJECTS = Integer.getInteger("ridgeline.measure.subjects", 4_000);
    private static final int STREAMS = 4;
    private static final int BATCH = Integer.getInteger("ridgeline.measure.batch", 256);
    private static final KeyRing KEYS = storeKey("cluster-a", 1);

    @Test
    void enrollThroughput() throws Exception {
        List<SubjectRecord> records = IntStream.range(0, SUBJECTS + 500).parallel().mapToObj(TestSubjects::enrolled).toList();
        try (TestCluster cluster = TestCluster.start(2, postgres.newDatabase(), KEYS)) {
            cluster.member(0).createGallery(new GalleryConfig("load", 2, 1e-4, Instant.now()));
            enroll(cluster, records.subList(SUBJECTS, SUBJECTS + 500)); // warm-up
            long start = System.nanoTime();
            enroll(cluster, records.subList(0, SUBJECTS));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT operation=cluster-enroll members=2 streams=%d subjects=%d seconds=%.2f"
                    + " subjects_per_s=%.0f%n", STREAMS, SUBJECTS, seconds, SUBJECTS / seconds);
            assertThat(cluster.ownedSubjects()).isEqualTo(SUBJECTS + 500);
        }
    }

    private static void enroll(TestCluster cluster, List<SubjectRecord> records) {
        List<CompletableFuture<Void>> streams = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            int stream = s;
            streams.add(CompletableFuture.runAsync(() -> {
                for (int from = stream * BATCH; from < records.size(); from += STREAMS * BATCH) {
                    List<RuntimeException> failures = cluster.member(stream % 2).enrollAll("load",
                            records.subList(from, Math.min(from + BATCH, records.size())));
                    assertThat(failures).containsOnlyNulls();
                }
            }, runnable -> Thread.ofPlatform().start(runnable)));
        }
        streams.forEach(CompletableFuture::join);
    }
}
