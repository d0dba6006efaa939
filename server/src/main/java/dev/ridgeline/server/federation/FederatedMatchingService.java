package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.FederatedHit;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.FederatedVerifyRequest;
import dev.ridgeline.api.v1.FederatedVerifyResponse;
import dev.ridgeline.api.v1.PartnerGalleryAnswer;
import dev.ridgeline.api.v1.PartnerHit;
import dev.ridgeline.api.v1.PartnerIdentifyRequest;
import dev.ridgeline.api.v1.PartnerIdentifyResponse;
import dev.ridgeline.api.v1.PartnerVerifyRequest;
import dev.ridgeline.api.v1.PartnerVerifyResponse;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.work.WorkClass;
import dev.ridgeline.server.grpc.CallScheduler;
import dev.ridgeline.server.grpc.ProtoMapping;
import dev.ridgeline.server.observability.CallObserver;
import dev.ridgeline.server.security.Caller;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The asking side: one identify across local galleries and partners' galleries, and verify by
 * reference at a partner. Partners are asked in parallel, under one deadline; the answer is sent
 * when all have answered or at the deadline, whichever is first, naming every partner that did not
 * answer. No thread waits for a partner: the answer is assembled when the last one answers or the
 * deadline passes.
 */
final class FederatedMatchingService extends FederatedMatchingGrpc.FederatedMatchingImplBase {

    private static final String NO_PURPOSE =
            "a query to partner galleries states its purpose code (partners' agreements list them)";
    private static final PartnerAsking.Answered<PartnerIdentifyResponse> IDENTIFY_ANSWER = new PartnerAsking.Answered<>(
            PartnerIdentifyResponse::getDisclosure, answer -> hitCount(answer.getGalleriesList()));
    private static final PartnerAsking.Answered<PartnerVerifyResponse> VERIFY_ANSWER = new PartnerAsking.Answered<>(
            PartnerVerifyResponse::getDisclosure, answer -> answer.getDecision().getMatch() ? 1 : 0);

    private final String deployment;
    private final Ridgeline engine;
    private final CallScheduler scheduler;
    private final Supplier<Partners> partners;
    private final PartnerAsking asking;
    private final Duration defaultDeadline;

    FederatedMatchingService(String deployment, Ridgeline engine, CallScheduler scheduler,
                             Supplier<Partners> partners, PartnerAsking asking, Duration defaultDeadline) {
        this.deployment = deployment;
        this.engine = engine;
        this.scheduler = scheduler;
        this.partners = partners;
        this.asking = asking;
        this.defaultDeadline = defaultDeadline;
    }

    /** The local galleries and, per partner, its galleries, in the order the request names them. */
    private record Plan(List<String> local, Map<Partner, List<String>> remote) {
    }

    /** What the work pool produced: local hits, and the partner queries still in flight. */
    private record LocalPart(List<FederatedHit> hits, List<PartnerQuery<PartnerIdentifyResponse>> queries,
                             PartnerDeadline deadline) implements AfterPartners.Part {
    }

    /** A federated verify's one partner query, in flight. */
    private record VerifyPart(PartnerQuery<PartnerVerifyResponse> query, String gallery, PartnerDeadline deadline)
            implements AfterPartners.Part {
        @Override
        public List<PartnerQuery<PartnerVerifyResponse>> queries() {
            return List.of(query);
        }
    }

    @Override
    public void identify(FederatedIdentifyRequest request, StreamObserver<FederatedIdentifyResponse> observer) {
        search(request, WorkClass.BOOTH, "federated-identify", observer);
    }

    /**
     * Answers {@code request} as {@link #identify} does, its local work in {@code workClass}: also for
     * vetting, whose look-out checks are a federated identify.
     */
    void search(FederatedIdentifyRequest request, WorkClass workClass, String operation,
                StreamObserver<FederatedIdentifyResponse> observer) {
        String correlationId = correlationId();
        Caller caller = Caller.current();
        PartnerDeadline deadline = PartnerDeadline.of(request.getPartnerDeadlineMs(), defaultDeadline);
        scheduler.answer(workClass, operation, request.getProbeList(),
                new AfterPartners<LocalPart, FederatedIdentifyResponse>(observer, part -> merged(part, correlationId)), () -> {
                    Plan plan = plan(request);
                    List<PartnerQuery<PartnerIdentifyResponse>> queries = new ArrayList<>();
                    List<dev.ridgeline.engine.Sample> probe = ProtoMapping.samples(request.getProbeList());
                    if (!plan.remote().isEmpty()) {
                        OutgoingProbe outgoing = OutgoingProbe.of(engine, request.getProbeList());
                        probe = outgoing.local();
                        plan.remote().forEach((partner, galleries) -> queries.add(ask(partner, galleries,
                                outgoing.forPartner(partner), request, correlationId, caller, deadline)));
                    }
                    return new LocalPart(searchLocal(plan.local(), probe, request), queries, deadline);
                });
    }

    @Override
    public void verify(FederatedVerifyRequest request, StreamObserver<FederatedVerifyResponse> observer) {
        String correlationId = correlationId();
        Caller caller = Caller.current();
        PartnerDeadline deadline = PartnerDeadline.of(request.getPartnerDeadlineMs(), defaultDeadline);
        scheduler.answer(WorkClass.BOOTH, "federated-verify", request.getProbeList(),
                new AfterPartners<VerifyPart, FederatedVerifyResponse>(observer, part -> verified(part, correlationId)),
                () -> askToVerify(request, correlationId, caller, deadline));
    }

    private VerifyPart askToVerify(FederatedVerifyRequest request, String correlationId, Caller caller,
                                   PartnerDeadline deadline) {
        PartnerGallery target = PartnerGallery.parse(request.getGallery(), partners.get());
        if (request.getReferenceId().isEmpty()) {
            throw EngineException.invalid("a federated verify names the reference id the partner disclosed");
        }
        if (request.getPurpose().isBlank()) {
            throw EngineException.invalid(NO_PURPOSE);
        }
        List<Sample> probe = target.partner().sendsProbeImages() ? request.getProbeList()
                : OutgoingProbe.of(engine, request.getProbeList()).templates();
        var query = new PartnerAsking.Query(target.partner(), "Verify", request.getPurpose(), List.of(target.gallery()),
                ProbeDigest.of(probe), correlationId, caller, deadline);
        return new VerifyPart(asking.ask(query, VERIFY_ANSWER, stub -> stub.verify(PartnerVerifyRequest.newBuilder()
                .setGallery(target.gallery())
                .setReferenceId(request.getReferenceId())
                .addAllProbe(probe)
                .setPurpose(request.getPurpose())
                .setCorrelationId(correlationId)
                .setTargetFmr(request.getTargetFmr())
                .build())), target.gallery(), deadline);
    }

    /** The local call's request id (the client's x-request-id, or a new one): the correlation id at every partner. */
    private static String correlationId() {
        return CallObserver.currentRequestId() != null ? CallObserver.currentRequestId() : UUID.randomUUID().toString();
    }

    private Plan plan(FederatedIdentifyRequest request) {
        if (request.getGalleriesCount() == 0) {
            throw EngineException.invalid("a federated identify names at least one gallery (GALLERY or PARTNER:GALLERY)");
        }
        Partners known = partners.get();
        List<String> local = new ArrayList<>();
        Map<Partner, List<String>> remote = new LinkedHashMap<>();
        for (String name : request.getGalleriesList()) {
            if (name.indexOf(':') < 0) {
                engine.describeGallery(name); // an unknown local gallery is NOT_FOUND before any partner is asked
                local.add(name);
                continue;
            }
            PartnerGallery target = PartnerGallery.parse(name, known);
            remote.computeIfAbsent(target.partner(), p -> new ArrayList<>()).add(target.gallery());
        }
        if (!remote.isEmpty() && request.getPurpose().isBlank()) {
            throw EngineException.invalid(NO_PURPOSE);
        }
        return new Plan(local, remote);
    }

    private PartnerQuery<PartnerIdentifyResponse> ask(Partner partner, List<String> galleries, List<Sample> probe,
                                                      FederatedIdentifyRequest request, String correlationId,
                                                      Caller caller, PartnerDeadline deadline) {
        var query = new PartnerAsking.Query(partner, "Identify", request.getPurpose(), galleries, ProbeDigest.of(probe),
                correlationId, caller, deadline);
        return asking.ask(query, IDENTIFY_ANSWER, stub -> stub.identify(PartnerIdentifyRequest.newBuilder()
                .addAllGalleries(galleries)
                .addAllProbe(probe)
                .setPurpose(request.getPurpose())
                .setCorrelationId(correlationId)
                .setMaxResults(request.getMaxResults())
                .setTargetFmr(request.getTargetFmr())
                .build()));
    }

    private static int hitCount(List<PartnerGalleryAnswer> answers) {
        return answers.stream().mapToInt(PartnerGalleryAnswer::getHitsCount).sum();
    }

    private List<FederatedHit> searchLocal(List<String> galleries, List<dev.ridgeline.engine.Sample> probe,
                                           FederatedIdentifyRequest request) {
        Context call = Context.current();
        List<FederatedHit> hits = new ArrayList<>();
        for (String gallery : galleries) {
            Identification identification = engine.identify(gallery, probe, AttributeFilter.NONE,
                    request.getMaxResults(), request.getTargetFmr(), 0, false, SearchMode.TWO_STAGE, call::isCancelled);
            for (RankedCandidate candidate : identification.candidates()) {
                hits.add(FederatedHit.newBuilder()
                        .setDeployment(deployment)
                        .setGallery(gallery)
                        .setReferenceId(candidate.score().subjectId())
                        .setDecision(ProtoMapping.decision(candidate.decision()))
                        .setRank(candidate.rank())
                        .setDisclosure(Disclosure.REFERENCE_ID)
                        .build());
            }
        }
        return hits;
    }

    private FederatedIdentifyResponse merged(LocalPart part, String correlationId) {
        FederatedIdentifyResponse.Builder response = FederatedIdentifyResponse.newBuilder()
                .setCorrelationId(correlationId)
                .addAllHits(part.hits());
        for (PartnerQuery<PartnerIdentifyResponse> query : part.queries()) {
            PartnerQuery.Outcome<PartnerIdentifyResponse> outcome = query.giveUp();
            if (!outcome.answered()) {
                response.addPartnersUnavailable(query.unavailable(outcome));
                continue;
            }
            for (PartnerGalleryAnswer gallery : outcome.answer().getGalleriesList()) {
                for (PartnerHit hit : gallery.getHitsList()) {
                    response.addHits(FederatedHit.newBuilder()
                            .setDeployment(query.partner.name())
                            .setGallery(gallery.getGallery())
                            .setReferenceId(hit.getReferenceId())
                            .putAllAttributes(hit.getAttributesMap())
                            .setDecision(hit.getDecision())
                            .setRank(hit.getRank())
                            .setDisclosure(outcome.answer().getDisclosure()));
                }
            }
        }
        return response.setComplete(response.getPartnersUnavailableCount() == 0).build();
    }

    private static FederatedVerifyResponse verified(VerifyPart part, String correlationId) {
        PartnerQuery.Outcome<PartnerVerifyResponse> outcome = part.query().giveUp();
        FederatedVerifyResponse.Builder response = FederatedVerifyResponse.newBuilder()
                .setCorrelationId(correlationId)
                .setDeployment(part.query().partner.name())
                .setGallery(part.gallery());
        if (!outcome.answered()) {
            return response.setPartnerUnavailable(part.query().unavailable(outcome)).build();
        }
        return response.setDecision(outcome.answer().getDecision())
                .putAllAttributes(outcome.answer().getAttributesMap())
                .setDisclosure(outcome.answer().getDisclosure())
                .setComplete(true)
                .build();
    }
}
