package dev.ridgeline.server;

import static dev.ridgeline.server.GalleryPublicationTest.checkpoint;
import static dev.ridgeline.server.GalleryPublicationTest.publishing;
import static dev.ridgeline.server.GalleryPublicationTest.subscribing;
import static dev.ridgeline.server.GalleryPublicationTest.templates;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.server.federation.CopyCheckpoint;
import dev.ridgeline.server.federation.Federation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared look-out list under continuous enrollment: the publisher enrolls from several client
 * threads for a while (templates, so that no image templating sets the pace) while the partner's
 * copy follows; every 50 ms the copy's lag (the publisher's acknowledged enrollments less the
 * copy's applied change, and the lag in seconds its checkpoint reports) is sampled. Then the copy's
 * service is stopped, a backlog is enrolled, and the copy's catch-up rate after its restart is
 * timed. A measurement, not a test: {@code mvn -o -B -pl server -am verify
 * -Dtest=GalleryPublicationMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dridgeline.measure=publication}
 * prints a RESULT line.
 */
@EnabledIfSystemProperty(named = "ridgeline.measure", matches = "publication")
class GalleryPublicationMeasurement {

    private static final int SECONDS = Integer.getInteger("ridgeline.measure.seconds", 20);
    private static final int CLIENTS = Integer.getInteger("ridgeline.measure.clients", 4);
    private static final int BACKLOG = Integer.getInteger("ridgeline.measure.backlog", 3000);

    @TempDir
    Path root;

    @Test
    void lagAndThroughputUnderContinuousEnrollment() throws Exception {
        GeneratedFingers.prepare(4, 1);
        try (FederatedDeployment canada = new FederatedDeployment(root, "ca-cbsa");
             FederatedDeployment us = new FederatedDeployment(root, "us-cbp")) {
            us.start(canada.asPartner(publishing("attributes", List.of("status"), List.of("lookout"))));
            List<Sample> templates = templates(us);
            canada.start(subscribing(us, "lookout"));
            while (CopyCheckpoint.readAll(Federation.copiesDirectory(canada.directory.resolve("data"))).isEmpty()
                    || !checkpoint(canada).connected()) {
                Thread.sleep(10); // the copy's stream is open: its first attempt waits for the galleries to load
            }
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();

            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    SubjectsGrpc.SubjectsBlockingStub stub = SubjectsGrpc.newBlockingStub(us.channel());
                    while (System.nanoTime() < end) {
                        enroll(stub, next.getAndIncrement(), templates);
                        acknowledged.incrementAndGet();
                    }
                    return null;
                });
            }
            List<Long> lagChanges = new ArrayList<>();
            List<Double> staleness = new ArrayList<>();
            List<Double> reported = new ArrayList<>();
            // when the publisher had acknowledged how many: the copy's staleness is how long ago it had as many as the copy holds
            List<long[]> acknowledgedAt = new ArrayList<>();
            long started = System.nanoTime();
            while (System.nanoTime() < end) {
                Thread.sleep(50);
                long now = System.nanoTime();
                long enrolled = acknowledged.get();
                acknowledgedAt.add(new long[] {now, enrolled});
                CopyCheckpoint copy = checkpoint(canada);
                lagChanges.add(Math.max(0, enrolled - copy.applied()));
                reported.add(copy.lag(Instant.now()).toMillis() / 1000.0);
                long since = now;
                for (int i = acknowledgedAt.size() - 1; i >= 0 && acknowledgedAt.get(i)[1] > copy.applied(); i--) {
                    since = i == 0 ? acknowledgedAt.get(0)[0] : acknowledgedAt.get(i - 1)[0];
                }
                staleness.add((now - since) / 1e9);
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            double enrollSeconds = (System.nanoTime() - started) / 1e9;
            int enrolled = acknowledged.get();
            long drainStarted = System.nanoTime();
            while (checkpoint(canada).applied() < enrolled) {
                Thread.sleep(10);
            }
            double drainMs = (System.nanoTime() - drainStarted) / 1e6;

            // catch-up: the copy's service down while a backlog is enrolled, then restarted from its data directory
            canada.stop();
            SubjectsGrpc.SubjectsBlockingStub stub = SubjectsGrpc.newBlockingStub(us.channel());
            for (int i = 0; i < BACKLOG; i++) {
                enroll(stub, next.getAndIncrement(), templates);
            }
            long total = enrolled + BACKLOG;
            canada.start(subscribing(us, "lookout"));
            long applied = checkpoint(canada).applied();
            long catchUpStarted = System.nanoTime();
            while (checkpoint(canada).applied() < total) {
                Thread.sleep(10);
            }
            double catchUpSeconds = (System.nanoTime() - catchUpStarted) / 1e9;

            System.out.printf(Locale.ROOT, "RESULT benchmark=publication seconds=%.1f clients=%d enrolled=%d"
                            + " enroll_per_s=%.0f lag_changes_p50=%d lag_changes_p99=%d lag_changes_max=%d"
                            + " stale_s_p50=%.2f stale_s_p99=%.2f reported_lag_s_p99=%.2f drain_ms=%.0f backlog=%d"
                            + " catch_up_s=%.2f catch_up_per_s=%.0f%n",
                    enrollSeconds, CLIENTS, enrolled, enrolled / enrollSeconds, percentile(lagChanges, 50),
                    percentile(lagChanges, 99), lagChanges.stream().mapToLong(Long::longValue).max().orElse(0),
                    percentile(staleness, 50), percentile(staleness, 99), percentile(reported, 99), drainMs, total - applied, catchUpSeconds,
                    (total - applied) / catchUpSeconds);
        }
    }

    private static void enroll(SubjectsGrpc.SubjectsBlockingStub stub, int number, List<Sample> templates) {
        stub.enroll(EnrollRequest.newBuilder().setGallery("lookout").setSubjectId("US-" + number)
                .putAttributes("status", "WANTED").addSamples(templates.get(number % templates.size())).build());
    }

    private static <T extends Comparable<T>> T percentile(List<T> values, int percent) {
        List<T> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
