package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.benchmarks.evaluation.Progress;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;

/**
 * Enrolls a workload's subjects through several concurrent BulkEnroll streams, a batch per stream
 * so progress shows as batches are acknowledged and no more than a batch per stream is held in
 * memory. A subject already present (ALREADY_EXISTS) counts as present, so an interrupted fill can
 * be resumed.
 */
final class GalleryFill {

    /** Failures printed before the rest are only counted. */
    private static final int FAILURES_SHOWN = 5;

    /** What a fill did. */
    record Outcome(long enrolled, long alreadyPresent, long failed, double seconds) {
        double enrolledPerSecond() {
            return enrolled / seconds;
        }
    }

    private final Channel channel;
    private final int streams;
    private final int batchSize;

    GalleryFill(Channel channel, int streams, int batchSize) {
        this.channel = channel;
        this.streams = streams;
        this.batchSize = batchSize;
    }

    Outcome fill(String gallery, Workload workload, int subjects) throws InterruptedException, ExecutionException {
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicLong enrolled = new AtomicLong();
        AtomicLong present = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try (ProgressBar bar = Progress.bar("filling " + gallery, subjects)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                workers.add(pool.submit(() -> {
                    for (int from = nextBatch.getAndIncrement() * batchSize; from < subjects;
                         from = nextBatch.getAndIncrement() * batchSize) {
                        BulkEnrollResults response = BulkEnrollClient.enroll(channel,
                                batch(gallery, workload, from, Math.min(subjects, from + batchSize)));
                        for (BulkEnrollResult result : response.results()) {
                            Status.Code code = BulkEnrollResults.code(result);
                            if (code == Status.Code.OK) {
                                enrolled.incrementAndGet();
                            } else if (code == Status.Code.ALREADY_EXISTS) {
                                present.incrementAndGet();
                            } else if (failed.incrementAndGet() <= FAILURES_SHOWN) {
                                System.err.printf("%nenrolling %s failed: %s: %s%n", result.getSubjectId(), code,
                                        result.getMessage());
                            }
                        }
                        bar.stepBy(response.results().size());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(enrolled.get(), present.get(), failed.get(), (System.nanoTime() - started) / 1e9);
    }

    private static List<EnrollRequest> batch(String gallery, Workload workload, int from, int to) {
        List<EnrollRequest> requests = new ArrayList<>(to - from);
        for (int index = from; index < to; index++) {
            GallerySubject subject = workload.subject(index);
            requests.add(EnrollRequest.newBuilder()
                    .setGallery(gallery)
                    .setSubjectId(subject.id())
                    .addSamples(subject.sample())
                    .build());
        }
        return requests;
    }
}
