package dev.ridgeline.server.grpc;

import dev.ridgeline.api.v1.BulkEnrollResponse;
import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.engine.EnrollOutcome;
import dev.ridgeline.engine.NewSubject;
import dev.ridgeline.engine.RidgelineEngine;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One BulkEnroll stream. Items are gathered into batches that the engine templates in parallel
 * and writes in shared synced batches; each item still gets its own result, and a refused item
 * (bad sample, id taken, also earlier in the stream) fails alone. gRPC delivers the next item only
 * after a batch is written, which is the stream's back-pressure.
 */
final class BulkEnrollStream implements StreamObserver<EnrollRequest> {

    /** Bounds one stream's result list; a larger load is split into several streams. */
    static final int MAX_ITEMS = 100_000;
    /** Enough items to share a sync and fill the cores with templating, few enough to answer promptly. */
    private static final int BATCH_ITEMS = 256;
    /** Bounds the memory a batch of images holds. */
    private static final long BATCH_BYTES = 32L << 20;

    private final RidgelineEngine engine;
    private final StreamObserver<BulkEnrollResponse> observer;
    private final BulkEnrollResponse.Builder response = BulkEnrollResponse.newBuilder();
    private final List<EnrollRequest> batch = new ArrayList<>();
    private long batchBytes;
    private int received;
    private boolean failed;

    BulkEnrollStream(RidgelineEngine engine, StreamObserver<BulkEnrollResponse> observer) {
        this.engine = engine;
        this.observer = observer;
    }

    @Override
    public void onNext(EnrollRequest request) {
        if (failed) {
            return;
        }
        if (received >= MAX_ITEMS) {
            failed = true;
            enrollBatch();
            observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("a bulk stream takes at most "
                    + MAX_ITEMS + " items; the first " + MAX_ITEMS + " were processed").asRuntimeException());
            return;
        }
        received++;
        batch.add(request);
        batchBytes += request.getSerializedSize();
        if (batch.size() >= BATCH_ITEMS || batchBytes >= BATCH_BYTES) {
            enrollBatch();
        }
    }

    @Override
    public void onError(Throwable t) {
        // The client went away: items already enrolled stay enrolled and durable; the unwritten batch is dropped.
    }

    @Override
    public void onCompleted() {
        if (!failed) {
            enrollBatch();
            observer.onNext(response.build());
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
            outcomes = engine.enrollAll(subjects);
        } catch (RuntimeException e) {
            outcomes = subjects.stream().map(s -> EnrollOutcome.failed(e)).toList();
        }
        Iterator<EnrollOutcome> outcome = outcomes.iterator();
        for (int i = 0; i < batch.size(); i++) {
            report(batch.get(i), failures[i] != null ? failures[i] : outcome.next().failure());
        }
        batch.clear();
        batchBytes = 0;
    }

    private void report(EnrollRequest request, RuntimeException failure) {
        BulkEnrollResult.Builder result = BulkEnrollResult.newBuilder()
                .setIndex(response.getResultsCount())
                .setSubjectId(request.getSubjectId());
        if (failure == null) {
            response.setEnrolled(response.getEnrolled() + 1);
        } else {
            Status status = Statuses.of(failure);
            result.setCode(status.getCode().value()).setMessage(status.getDescription());
            response.setFailed(response.getFailed() + 1);
        }
        response.addResults(result);
    }
}
