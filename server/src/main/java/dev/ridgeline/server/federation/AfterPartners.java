package dev.ridgeline.server.federation;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a federated query's local part from the work pool and answers the caller once its
 * partners have answered or their deadline (plus the backstop) has passed, whichever is first. No
 * thread waits meanwhile.
 *
 * @param <P> the local part: what was found here, and the partner queries still in flight
 * @param <T> the caller's answer
 */
final class AfterPartners<P extends AfterPartners.Part, T> implements StreamObserver<P> {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.federation");

    /** A local part: its partner queries and their deadline. */
    interface Part {
        List<? extends PartnerQuery<?>> queries();

        PartnerDeadline deadline();
    }

    private final StreamObserver<T> observer;
    private final Function<P, T> answer;

    /** @param answer assembles the answer; each query's {@link PartnerQuery#giveUp} says how it ended */
    AfterPartners(StreamObserver<T> observer, Function<P, T> answer) {
        this.observer = observer;
        this.answer = answer;
    }

    @Override
    public void onNext(P part) {
        CompletableFuture<?>[] outcomes = part.queries().stream().map(PartnerQuery::outcome)
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(outcomes)
                .completeOnTimeout(null, part.deadline().backstopWaitNanos(), TimeUnit.NANOSECONDS)
                .thenRun(() -> {
                    observer.onNext(answer.apply(part));
                    observer.onCompleted();
                })
                .exceptionally(failure -> {
                    LOG.error("cannot assemble a federated answer", failure);
                    observer.onError(Status.INTERNAL.withDescription("internal error assembling the federated answer")
                            .asRuntimeException());
                    return null;
                });
    }

    @Override
    public void onError(Throwable t) {
        observer.onError(t);
    }

    @Override
    public void onCompleted() {
        // the answer completes once the partners are in
    }
}
