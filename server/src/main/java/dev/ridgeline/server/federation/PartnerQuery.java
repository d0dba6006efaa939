package dev.ridgeline.server.federation;

import com.google.common.util.concurrent.ListenableFuture;
import dev.ridgeline.api.v1.UnavailablePartner;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One partner's part of a federated query (an identify's, or a verify): the call in flight and how
 * it ended. It ends once, with the partner's answer, its failure, or this side giving up at the
 * deadline, whichever comes first.
 *
 * @param <R> the partner's answer
 */
final class PartnerQuery<R> {

    /** How a partner's part ended: its answer, or the status and reason it is unavailable for. */
    record Outcome<R>(R answer, Status.Code code, String reason) {
        boolean answered() {
            return answer != null;
        }
    }

    final Partner partner;
    final List<String> galleries;
    final long startedNanos = System.nanoTime();
    private final long deadlineMillis;
    private final CompletableFuture<Outcome<R>> outcome = new CompletableFuture<>();
    private ListenableFuture<R> call;

    PartnerQuery(Partner partner, List<String> galleries, long deadlineMillis) {
        this.partner = partner;
        this.galleries = galleries;
        this.deadlineMillis = deadlineMillis;
    }

    /** Follows the call: its answer or failure ends the query. */
    void follow(ListenableFuture<R> inFlight) {
        this.call = inFlight;
        inFlight.addListener(() -> {
            try {
                outcome.complete(new Outcome<>(inFlight.get(), Status.Code.OK, null));
            } catch (ExecutionException e) {
                fail(Status.fromThrowable(e.getCause()));
            } catch (CancellationException | InterruptedException e) {
                fail(Status.CANCELLED.withDescription("the query was cancelled"));
            }
        }, Runnable::run);
    }

    /** Ends the query as failed before any call was made, or with the call's failure. */
    void fail(Status status) {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            tooSlow();
        } else {
            outcome.complete(new Outcome<>(null, status.getCode(), reason(status)));
        }
    }

    /** At the deadline: ends a query still waiting as too slow, and cancels its call. */
    Outcome<R> giveUp() {
        tooSlow();
        if (call != null) {
            call.cancel(true);
        }
        return outcome.join();
    }

    private void tooSlow() {
        outcome.complete(new Outcome<>(null, Status.Code.DEADLINE_EXCEEDED,
                "no answer within the deadline of " + deadlineMillis + " ms"));
    }

    /** How a federated answer names this partner when it did not answer. */
    UnavailablePartner unavailable(Outcome<R> ended) {
        return UnavailablePartner.newBuilder().setPartner(partner.name()).setCode(ended.code().value())
                .setReason(ended.reason()).build();
    }

    CompletableFuture<Outcome<R>> outcome() {
        return outcome;
    }

    /** The status's own description and, for a failed connection, what the TLS or socket layer said. */
    private static String reason(Status status) {
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        Throwable cause = status.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == null || cause.getMessage() == null || description.contains(cause.getMessage()) ? description
                : description + ": " + cause.getMessage();
    }
}
