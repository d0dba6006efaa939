package dev.ridgeline.server;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Completes a future with a unary call's answer, or with its failure. */
public final class CompletingObserver<T> implements StreamObserver<T> {

    private final CompletableFuture<T> answer;

    private CompletingObserver(CompletableFuture<T> answer) {
        this.answer = answer;
    }

    public static <T> StreamObserver<T> of(CompletableFuture<T> answer) {
        return new CompletingObserver<>(answer);
    }

    @Override
    public void onNext(T value) {
        answer.complete(value);
    }

    @Override
    public void onError(Throwable t) {
        answer.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
    }
}
