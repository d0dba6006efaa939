package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.PartnerGalleryAnswer;
import dev.ridgeline.api.v1.PartnerHit;
import dev.ridgeline.api.v1.PartnerIdentifyRequest;
import dev.ridgeline.api.v1.PartnerIdentifyResponse;
import dev.ridgeline.api.v1.PartnerMatchingGrpc;
import dev.ridgeline.api.v1.PartnerVerifyRequest;
import dev.ridgeline.api.v1.PartnerVerifyResponse;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.work.WorkClass;
import dev.ridgeline.server.federation.PartnerAuthentication.PartnerCall;
import dev.ridgeline.server.grpc.CallScheduler;
import dev.ridgeline.server.grpc.ProtoMapping;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The answering side: a partner's anonymous query, checked against its agreement before any
 * gallery is searched, answered with no more than the agreement discloses, and audited with the
 * probe's digest only. The probe lives in this call's memory and nowhere else: nothing of it is
 * stored, logged or cached.
 */
final class PartnerMatchingService extends PartnerMatchingGrpc.PartnerMatchingImplBase {

    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final String deployment;
    private final Ridgeline engine;
    private final CallScheduler scheduler;
    private final PartnerUsage usage;
    private final FederationAudit audit;

    PartnerMatchingService(String deployment, Ridgeline engine, CallScheduler scheduler, PartnerUsage usage,
                           FederationAudit audit) {
        this.deployment = deployment;
        this.engine = engine;
        this.scheduler = scheduler;
        this.usage = usage;
        this.audit = audit;
    }

    @Override
    public void identify(PartnerIdentifyRequest request, StreamObserver<PartnerIdentifyResponse> observer) {
        Inbound inbound = new Inbound(PartnerAuthentication.current(), "Identify", request.getPurpose(),
                request.getGalleriesList(), request.getCorrelationId(), request.getProbeList());
        Agreement agreement = inbound.call.partner().agreement();
        StreamObserver<PartnerIdentifyResponse> audited = inbound.audited(observer,
                response -> response.getGalleriesList().stream().mapToInt(PartnerGalleryAnswer::getHitsCount).sum());
        if (inbound.refused(Operation.IDENTIFY, audited)) {
            return;
        }
        int maxResults = request.getMaxResults() <= 0 ? agreement.maxResults()
                : Math.min(request.getMaxResults(), agreement.maxResults());
        scheduler.answer(WorkClass.BOOTH, "partner-identify", request.getProbeList(), audited, () -> {
            Context call = Context.current();
            var probe = ProtoMapping.samples(request.getProbeList());
            PartnerIdentifyResponse.Builder response = PartnerIdentifyResponse.newBuilder()
                    .setDeployment(deployment).setDisclosure(agreement.disclosure());
            for (String gallery : request.getGalleriesList()) {
                Identification identification = engine.identify(gallery, probe, AttributeFilter.NONE, maxResults,
                        request.getTargetFmr(), 0, false, SearchMode.TWO_STAGE, call::isCancelled);
                response.addGalleries(disclosed(gallery, identification, agreement));
            }
            return response.build();
        });
    }

    @Override
    public void verify(PartnerVerifyRequest request, StreamObserver<PartnerVerifyResponse> observer) {
        Inbound inbound = new Inbound(PartnerAuthentication.current(), "Verify", request.getPurpose(),
                List.of(request.getGallery()), request.getCorrelationId(), request.getProbeList());
        Agreement agreement = inbound.call.partner().agreement();
        StreamObserver<PartnerVerifyResponse> audited = inbound.audited(observer,
                response -> response.getDecision().getMatch() ? 1 : 0);
        if (inbound.refused(Operation.VERIFY, audited)) {
            return;
        }
        scheduler.answer(WorkClass.BOOTH, "partner-verify", request.getProbeList(), audited, () -> {
            Verification verification = engine.verifySubject(ProtoMapping.samples(request.getProbeList()),
                    request.getGallery(), request.getReferenceId(), request.getTargetFmr());
            PartnerVerifyResponse.Builder response = PartnerVerifyResponse.newBuilder()
                    .setDeployment(deployment).setDisclosure(agreement.disclosure())
                    .setDecision(ProtoMapping.decision(verification.decision()));
            if (verification.decision().match()) {
                response.putAllAttributes(attributes(request.getGallery(), request.getReferenceId(), agreement));
            }
            return response.build();
        });
    }

    /** One gallery's answer, cut down to what the agreement discloses. */
    private PartnerGalleryAnswer disclosed(String gallery, Identification identification, Agreement agreement) {
        PartnerGalleryAnswer.Builder answer = PartnerGalleryAnswer.newBuilder()
                .setGallery(gallery)
                .setHit(!identification.candidates().isEmpty())
                .setThreshold(identification.threshold())
                .setTargetFmr(identification.targetFmr());
        // hit/no-hit: one bit, with the best score; not how many matched, nor who
        List<RankedCandidate> shown = agreement.disclosure() == Disclosure.HIT_NO_HIT
                ? identification.candidates().stream().limit(1).toList() : identification.candidates();
        for (RankedCandidate candidate : shown) {
            PartnerHit.Builder hit = PartnerHit.newBuilder()
                    .setDecision(ProtoMapping.decision(candidate.decision()))
                    .setRank(candidate.rank());
            if (agreement.disclosure() != Disclosure.HIT_NO_HIT) {
                String subject = candidate.score().subjectId();
                hit.setReferenceId(subject).putAllAttributes(attributes(gallery, subject, agreement));
            }
            answer.addHits(hit);
        }
        return answer.build();
    }

    /** The subject's attributes the agreement names, under {@link Disclosure#ATTRIBUTES} only. */
    private Map<String, String> attributes(String gallery, String subject, Agreement agreement) {
        if (agreement.disclosure() != Disclosure.ATTRIBUTES) {
            return Map.of();
        }
        return engine.subject(gallery, subject).attributes().entrySet().stream()
                .filter(attribute -> agreement.attributes().contains(attribute.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** One inbound query: its admission against the agreement and its audit line. */
    private final class Inbound {
        private final PartnerCall call;
        private final String operation;
        private final String purpose;
        private final List<String> galleries;
        private final String correlationId;
        private final List<Sample> probe;
        private final String probeDigest;
        private final long started = System.nanoTime();

        Inbound(PartnerCall call, String operation, String purpose, List<String> galleries, String correlationId,
                List<Sample> probe) {
            this.call = call;
            this.operation = operation;
            this.purpose = purpose;
            this.galleries = galleries;
            this.correlationId = correlationId;
            this.probe = probe;
            this.probeDigest = ProbeDigest.of(probe);
        }

        /** Refuses the query (audited through {@code observer}) when it is malformed, outside the agreement or over a limit. */
        boolean refused(Operation requested, StreamObserver<?> observer) {
            Partner partner = call.partner();
            Optional<Status> refusal;
            if (!CORRELATION_ID.matcher(correlationId).matches()) {
                refusal = Optional.of(Status.INVALID_ARGUMENT.withDescription(
                        "the correlation id must be 1-128 of A-Z a-z 0-9 . _ : -"));
            } else {
                refusal = partner.agreement().denial(partner.name(), requested, galleries, purpose, probe)
                        .map(Status.PERMISSION_DENIED::withDescription)
                        .or(() -> usage.admit(partner).map(Status.RESOURCE_EXHAUSTED::withDescription));
            }
            refusal.ifPresent(status -> observer.onError(status.asRuntimeException()));
            return refusal.isPresent();
        }

        /** Forwards to {@code observer}, writing the audit line when the call ends. */
        <T> StreamObserver<T> audited(StreamObserver<T> observer, ToIntFunction<T> results) {
            return new StreamObserver<>() {
                private int count;

                @Override
                public void onNext(T value) {
                    count = results.applyAsInt(value);
                    observer.onNext(value);
                }

                @Override
                public void onError(Throwable t) {
                    Status status = Status.fromThrowable(t);
                    write(status.getCode(), status.getDescription(), 0);
                    observer.onError(t);
                }

                @Override
                public void onCompleted() {
                    write(Status.Code.OK, null, count);
                    observer.onCompleted();
                }
            };
        }

        private void write(Status.Code code, String reason, int results) {
            audit.write(new PartnerAuditLine(Instant.now(), "inbound", correlationId, call.partner().name(), null, null,
                    call.peer(), operation, purpose, galleries, PartnerFile.label(call.partner().agreement().disclosure()),
                    probeDigest, results, code.name(), reason, (System.nanoTime() - started) / 1e6));
        }
    }
}
