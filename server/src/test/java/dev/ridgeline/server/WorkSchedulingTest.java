package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.limits.ServiceLimits;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU work runs on a bounded pool, booths first: with one work thread (and no booth lane), queued calls are served
 * one at a time, a verify goes ahead of enrollments queued before it, and a call that cannot be
 * answered in time is refused without being templated (the service's own counter of templated
 * images proves it).
 */
class WorkSchedulingTest {

    private static final String GALLERY = "booth";
    private static final int BURST = 30;

    @TempDir
    Path dataDirectory;

    private RidgelineServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        GeneratedFingers.prepare(12, 2);
        ServiceLimits oneThread = new ServiceLimits(ServiceLimits.DEFAULT.maxMessageBytes(),
                ServiceLimits.DEFAULT.maxBulkItems(), ServiceLimits.DEFAULT.maxCallsPerClient(),
                ServiceLimits.DEFAULT.maxCalls(), 1, 0, 1);
        server = RidgelineServer.start(EngineConfig.defaults(dataDirectory),
                ServerSettings.open("127.0.0.1", 0, 0).withLimits(oneThread));
        server.awaitLoaded();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        GalleriesGrpc.newBlockingStub(channel).createGallery(CreateGalleryRequest.newBuilder().setName(GALLERY).build());
        for (int finger = 0; finger < 3; finger++) {
            enroll(finger);
        }
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private void enroll(int finger) {
        SubjectsGrpc.newBlockingStub(channel).enroll(enrollment(finger));
    }

    private static EnrollRequest enrollment(int finger) {
        return EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("S" + finger)
                .addSamples(GeneratedFingers.sample(finger, 0)).build();
    }

    private static IdentifyRequest identify(int finger) {
        return IdentifyRequest.newBuilder().setGallery(GALLERY).addProbe(GeneratedFingers.sample(finger, 1)).build();
    }

    private List<ListenableFuture<IdentifyResponse>> burst() {
        List<ListenableFuture<IdentifyResponse>> calls = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            calls.add(MatchingGrpc.newFutureStub(channel).identify(identify(i % 3)));
        }
        return calls;
    }

    private static void awaitAll(List<ListenableFuture<IdentifyResponse>> calls) throws Exception {
        for (ListenableFuture<IdentifyResponse> call : calls) {
            assertThat(call.get(60, TimeUnit.SECONDS).getSearched()).isEqualTo(3);
        }
    }

    @Test
    void aCallThatCannotBeAnsweredInTimeIsRefusedWithoutBeingTemplated() throws Exception {
        // Identify's service time is not known yet: the short call is admitted, then expires in the queue.
        // Its 300 ms (the burst holds about a second of work for the one thread) are for a loaded
        // machine to deliver it to the service before the client gives up on it.
        double templatedBefore = metric("ridgeline_images_templated_total");
        List<ListenableFuture<IdentifyResponse>> calls = burst();
        awaitArrived(BURST, templatedBefore);
        assertThatThrownBy(() -> MatchingGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .identify(identify(0)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        awaitAll(calls);
        assertThat(metric("ridgeline_images_templated_total") - templatedBefore).isEqualTo(BURST);
        assertThat(refusedBooths()).isEqualTo(1);

        // Now it is known: a short call arriving behind a burst is refused at once, with a retry hint.
        calls = burst();
        awaitArrived(2 * BURST, templatedBefore);
        StatusRuntimeException refused = (StatusRuntimeException) org.assertj.core.api.Assertions.catchThrowable(() ->
                MatchingGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS).identify(identify(0)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains("booth work queued ahead", "retry");
        Metadata trailers = Status.trailersFromThrowable(refused);
        assertThat(Long.parseLong(trailers.get(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER))))
                .isGreaterThan(300);
        awaitAll(calls);
        assertThat(metric("ridgeline_images_templated_total") - templatedBefore).isEqualTo(2 * BURST);
        assertThat(metric("ridgeline_work_refused_total{class=\"booth\",reason=\"overloaded\"}")).isEqualTo(1);
        assertThat(metric("ridgeline_work_wait_seconds_count{class=\"booth\"}")).isGreaterThanOrEqualTo(2 * BURST);
    }

    @Test
    void aVerifyGoesAheadOfEnrollmentsQueuedBeforeIt() throws Exception {
        List<String> finished = new CopyOnWriteArrayList<>();
        List<ListenableFuture<?>> calls = new ArrayList<>();
        for (int finger = 3; finger < 12; finger++) {
            String name = "enroll S" + finger;
            ListenableFuture<?> call = SubjectsGrpc.newFutureStub(channel).enroll(enrollment(finger));
            call.addListener(() -> finished.add(name), Runnable::run);
            calls.add(call);
        }
        ListenableFuture<?> verify = MatchingGrpc.newFutureStub(channel).verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(0, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId("S0")).build());
        verify.addListener(() -> finished.add("verify"), Runnable::run);
        calls.add(verify);
        for (ListenableFuture<?> call : calls) {
            call.get(60, TimeUnit.SECONDS);
        }
        // One thread serves in order: at most the enrollment it was doing, and one whose handler
        // ran before the verify's, finish first; in arrival order the verify would be last.
        assertThat(finished.indexOf("verify")).as("completion order %s", finished).isLessThanOrEqualTo(2);
    }

    /**
     * Waits until the service holds every call sent so far (queued for its one work thread, being
     * served, or templated), so that a short call sent next arrives behind all of them: the
     * burst's calls are sent asynchronously, and one still in flight could otherwise be queued
     * after it.
     */
    private void awaitArrived(int sent, double templatedBefore) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (metric("ridgeline_work_queued{class=\"booth\"}") + 1
                + metric("ridgeline_images_templated_total") - templatedBefore < sent) {
            assertThat(System.nanoTime()).as("the burst reached the service in 30 s").isLessThan(until);
            Thread.sleep(2);
        }
    }

    private double refusedBooths() throws Exception {
        String metrics = metrics();
        double sum = 0;
        Matcher matcher = Pattern.compile("(?m)^ridgeline_work_refused_total\\{class=\"booth\",reason=\"[a-z]+\"} (\\S+)$")
                .matcher(metrics);
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    private double metric(String series) throws Exception {
        String metrics = metrics();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as("series %s", series).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
