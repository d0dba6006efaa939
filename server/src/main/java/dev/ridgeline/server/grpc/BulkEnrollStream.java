package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.engine.EnrollOutcome;
import dev.ridgeline.engine.NewSubject;
import dev.ridgeline.engine.Ridgeline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One BulkEnroll stream. Items are gathered into batches whose items are templated in parallel
 * as bulk-class jobs of the work pool (so booth calls go between them; this thread only waits)
 * and writes in shared synced batches; each item gets its own result, sent as soon as its batch
 * is durable, and a refused item (bad sample, id taken, also earlier in the stream) fails alone.
 * Inbound flow control is manual: the next item is requested only after the batch before it is
 * answered and while the client is taking results, so neither side buffers more than a batch.
 * gRPC calls onNext and the ready handler on the call's serialized executor, so no locking.
 */
final class BulkEnrollStream implements StreamObserver<EnrollRequest> {

    /** Enough items to share a sync and fill the cores with templating, few enough to answer promptly. */
    private static final int BATCH_ITEMS = 256;
    /** Bounds the memory a batch of images holds. */
    private static final long BATCH_BYTES = 32L << 20;

    private final Ridgeline engine;
    private final ServerCallStreamObserver<BulkEnrollResult> observer;
    /** Bounds one stream's length (serve --max-bulk-items); a larger load is split into several streams. */
    private final int maxItems;
    /** Templates the batch's items on the work pool, each a job of the bulk class. */
    private final Executor templating;
    private final List<EnrollRequest> batch = new ArrayList<>();
    private long batchBytes;
    private int received;
    private int answered;
    /** An item is wanted but was not requested because the client was not taking results. */
    private boolean requestWhenReady;
    private volatile boolean failed;

    private BulkEnrollStream(Ridgeline engine, ServerCallStreamObserver<BulkEnrollResult> observer, int maxItems,
                             Executor templating) {
        this.engine = engine;
        this.observer = observer;
        this.maxItems = maxItems;
        this.templating = templating;
    }

    /** Starts a stream: takes over its flow control and asks for the first item. */
    static BulkEnrollStream open(Ridgeline engine, StreamObserver<BulkEnrollResult> results, int maxItems,
                                 Executor templating) {
        ServerCallStreamObserver<BulkEnrollResult> observer = (ServerCallStreamObserver<BulkEnrollResult>) results;
        observer.disableAutoRequest();
        BulkEnrollStream stream = new BulkEnrollStream(engine, observer, maxItems, templating);
        observer.setOnReadyHandler(stream::onReady);
        // Without a cancel handler, answering a batch after the client left would throw.
        observer.setOnCancelHandler(() -> stream.failed = true);
        observer.request(1);
        return stream;
    }

    @Override
    public void onNext(EnrollRequest request) {
        if (failed) {
            return;
        }
        if (received >= maxItems) {
            enrollBatch();
            failed = true;
            observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("a bulk stream takes at most " + maxItems
                    + " items (max-bulk-items); the first " + maxItems + " were answered").asRuntimeException());
            return;
        }
        received++;
        batch.add(request);
        batchBytes += request.getSerializedSize();
        if (batch.size() >= BATCH_ITEMS || batchBytes >= BATCH_BYTES) {
            enrollBatch();
            requestNextWhenReady();
        } else {
            observer.request(1);
        }
    }

    private void requestNextWhenReady() {
        if (observer.isReady()) {
            observer.request(1);
        } else {
            requestWhenReady = true;
        }
    }

    private void onReady() {
        if (requestWhenReady && !failed) {
            requestWhenReady = false;
            observer.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        // The client went away: items already answered are durable; the unwritten batch is dropped.
        failed = true;
    }

    @Override
    public void onCompleted() {
        if (!failed) {
            enrollBatch();
            observer.onCompleted();
        }
    }

    private void enrollBatch() {
        RuntimeException[] failures = new RuntimeException[batch.size()];
        List<NewSubject> subjects = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                subjects.add(ProtoMapping.newSubject(batch.get(i)));
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        }
        List<EnrollOutcome> outcomes;
        try {
            // a client gone while the batch is templated gets none of it written
            outcomes = engine.enrollAll(subjects, () -> failed, templating);
        } catch (RuntimeException e) {
            outcomes = subjects.stream().map(s -> EnrollOutcome.failed(e)).toList();
        }
        Iterator<EnrollOutcome> outcome = outcomes.iterator();
        for (int i = 0; i < batch.size(); i++) {
            observer.onNext(result(batch.get(i), failures[i] != null ? failures[i] : outcome.next().failure()));
        }
        batch.clear();
        batchBytes = 0;
    }

    private BulkEnrollResult result(EnrollRequest request, RuntimeException failure) {
        BulkEnrollResult.Builder result = BulkEnrollResult.newBuilder()
                .setIndex(answered++)
                .setSubjectId(request.getSubjectId());
        if (failure != null) {
            Status status = Statuses.of(failure);
            result.setCode(status.getCode().value()).setMessage(status.getDescription());
        }
        return result.build();
    }
}
