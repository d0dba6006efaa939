package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.BulkEnrollResponse;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.SubjectsGrpc;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Streams enrollments through BulkEnroll, sending only as fast as gRPC flow control allows. */
public final class BulkEnrollClient {

    private BulkEnrollClient() {
    }

    /** Sends every request on one stream and waits for the per-item results. */
    public static BulkEnrollResponse enroll(Channel channel, List<EnrollRequest> requests)
            throws InterruptedException, ExecutionException {
        CompletableFuture<BulkEnrollResponse> done = new CompletableFuture<>();
        SubjectsGrpc.newStub(channel).bulkEnroll(new ClientResponseObserver<EnrollRequest, BulkEnrollResponse>() {
            private ClientCallStreamObserver<EnrollRequest> stream;
            private int next;

            @Override
            public void beforeStart(ClientCallStreamObserver<EnrollRequest> requestStream) {
                stream = requestStream;
                stream.setOnReadyHandler(this::sendWhileReady);
            }

            private synchronized void sendWhileReady() {
                while (stream.isReady() && next < requests.size()) {
                    stream.onNext(requests.get(next++));
                }
                if (next == requests.size()) {
                    next++;
                    stream.onCompleted();
                }
            }

            @Override
            public void onNext(BulkEnrollResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                // the single response has already completed the future
            }
        });
        return done.get();
    }
}
