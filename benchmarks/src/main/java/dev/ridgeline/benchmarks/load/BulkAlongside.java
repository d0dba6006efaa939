package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Bulk enrollment at full speed beside a measured run ({@code bench --bulk-alongside STREAMS}):
 * each stream sends batches of fingerprint images, the service's costliest enrollment work, under
 * fresh subject ids, back to back until the run ends. Booth latency with and without it shows
 * whether bulk work starves booths.
 */
final class BulkAlongside implements AutoCloseable {

    /** Distinct images, cycled: rendering one costs about 50 ms, templating it about as much. */
    private static final int IMAGES = 32;
    private static final int BATCH = 64;
    /** Impression 2: neither the enrolled impression 0 nor the probing impression 1 of bench's fingers. */
    private static final int IMPRESSION = 2;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong enrolled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> streams = new ArrayList<>();
    private final long started = System.nanoTime();
    private long stopped;

    private BulkAlongside() {
    }

    /** Renders the images, then starts the streams. */
    static BulkAlongside start(Channel channel, String gallery, String runId, int streamCount, long seed) {
        SyntheticFingerprints generator = new SyntheticFingerprints(seed);
        List<byte[]> images = IntStream.range(0, IMAGES).parallel()
                .mapToObj(finger -> generator.impressionPng(finger, IMPRESSION)).toList();
        BulkAlongside bulk = new BulkAlongside();
        AtomicLong nextId = new AtomicLong();
        for (int s = 0; s < streamCount; s++) {
            Thread stream = new Thread(() -> bulk.enrollUntilStopped(channel, gallery, runId, images, nextId),
                    "bench-bulk-" + s);
            stream.setDaemon(true);
            bulk.streams.add(stream);
            stream.start();
        }
        return bulk;
    }

    private void enrollUntilStopped(Channel channel, String gallery, String runId, List<byte[]> images,
                                    AtomicLong nextId) {
        while (!stopping.get()) {
            List<EnrollRequest> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                long id = nextId.getAndIncrement();
                batch.add(EnrollRequest.newBuilder().setGallery(gallery).setSubjectId("bulk-" + runId + "-" + id)
                        .addSamples(Extraction.image(Modality.FINGERPRINT, images.get((int) (id % images.size()))))
                        .build());
            }
            try {
                for (BulkEnrollResult result : BulkEnrollClient.enroll(channel, batch).results()) {
                    (BulkEnrollResults.code(result) == Status.Code.OK ? enrolled : failed).incrementAndGet();
                }
            } catch (ExecutionException e) {
                failed.addAndGet(BATCH);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    long enrolled() {
        return enrolled.get();
    }

    long failed() {
        return failed.get();
    }

    /** Subjects enrolled per second from start to close. */
    double enrolledPerSecond() {
        return enrolled.get() * 1e9 / ((stopped == 0 ? System.nanoTime() : stopped) - started);
    }

    /** Lets each stream finish its batch, so the rate counts only answered work. */
    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        for (Thread stream : streams) {
            stream.join();
        }
        stopped = System.nanoTime();
    }
}
