package dev.ridgeline.server.federation;

import com.google.common.util.concurrent.ListenableFuture;
import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.PartnerMatchingGrpc;
import dev.ridgeline.api.v1.PartnerMatchingGrpc.PartnerMatchingFutureStub;
import dev.ridgeline.server.observability.CallObserver;
import dev.ridgeline.server.security.Caller;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The outbound half of every federated query: one call to one partner over its pinned channel,
 * under the query's deadline and correlation id, audited here when it ends.
 */
final class PartnerAsking {

    /**
     * What is asked of one partner, as the outbound audit line names it.
     *
     * @param operation   {@code Identify} or {@code Verify}
     * @param probeDigest the SHA-256 of the probe as sent (the partner audits the same)
     */
    record Query(Partner partner, String operation, String purpose, List<String> galleries, String probeDigest,
                 String correlationId, Caller caller, PartnerDeadline deadline) {
    }

    /** What a partner's answer tells the audit line: its disclosure level, and how many hits it carried. */
    record Answered<R>(Function<R, Disclosure> disclosure, ToIntFunction<R> results) {
    }

    private final PartnerChannels channels;
    private final FederationAudit audit;

    PartnerAsking(PartnerChannels channels, FederationAudit audit) {
        this.channels = channels;
        this.audit = audit;
    }

    /** Starts {@code call} on the partner's channel; the query ends with its answer, its failure or the deadline. */
    <R> PartnerQuery<R> ask(Query query, Answered<R> answered, Function<PartnerMatchingFutureStub, ListenableFuture<R>> call) {
        Partner partner = query.partner();
        PartnerQuery<R> asked = new PartnerQuery<>(partner, query.galleries(), query.deadline().millis());
        asked.outcome().thenAccept(outcome -> audit.write(new PartnerAuditLine(Instant.now(), "outbound",
                query.correlationId(), partner.name(), query.caller().name(), query.caller().agency(), partner.endpoint(),
                query.operation(), query.purpose(), query.galleries(),
                outcome.answered() ? PartnerFile.label(answered.disclosure().apply(outcome.answer())) : null,
                query.probeDigest(), outcome.answered() ? answered.results().applyAsInt(outcome.answer()) : 0,
                outcome.code().name(), outcome.reason(), (System.nanoTime() - asked.startedNanos) / 1e6)));
        if (partner.endpoint() == null) {
            asked.fail(Status.FAILED_PRECONDITION.withDescription("the partner file gives partner '" + partner.name()
                    + "' no endpoint"));
            return asked;
        }
        long remaining = query.deadline().remainingNanos();
        if (remaining <= 0) {
            asked.giveUp();
            return asked;
        }
        Metadata headers = new Metadata();
        headers.put(CallObserver.REQUEST_ID, query.correlationId());
        asked.follow(call.apply(PartnerMatchingGrpc.newFutureStub(channels.channel(partner))
                .withDeadlineAfter(remaining, TimeUnit.NANOSECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))));
        return asked;
    }
}
