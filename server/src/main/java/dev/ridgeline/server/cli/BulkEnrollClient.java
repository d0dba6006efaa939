package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.SubjectsGrpc;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** Streams enrollments through BulkEnroll, sending only as fast as gRPC flow control allows. */
public final class BulkEnrollClient {

    private BulkEnrollClient() {
    }

    /** Sends every request on one stream and waits for the per-item results. */
    public static BulkEnrollResults enroll(Channel channel, List<EnrollRequest> requests)
            throws InterruptedException, ExecutionException {
        return stream(channel, requests, result -> { }).get();
    }

    /**
     * Sends every request on one stream. {@code onResult} sees each result as it arrives (a code 0
     * result means that subject is durable), also when the stream later fails; the future then
     * fails with the stream's status.
     */
    public static CompletableFuture<BulkEnrollResults> stream(Channel channel, List<EnrollRequest> requests,
                                                              Consumer<BulkEnrollResult> onResult) {
        CompletableFuture<BulkEnrollResults> done = new CompletableFuture<>();
        SubjectsGrpc.newStub(channel).bulkEnroll(new ClientResponseObserver<EnrollRequest, BulkEnrollResult>() {
            private final List<BulkEnrollResult> results = new ArrayList<>(requests.size());
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
            public void onNext(BulkEnrollResult result) {
                results.add(result);
                onResult.accept(result);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(new BulkEnrollResults(List.copyOf(results)));
            }
        });
        return done;
    }
}
