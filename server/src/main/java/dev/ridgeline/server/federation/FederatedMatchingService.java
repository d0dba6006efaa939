package dev.ridgeline.server.federation;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.FederatedHit;
import dev.ridgeline.api.v1.FederatedIdentifyRequest;
import dev.ridgeline.api.v1.FederatedIdentifyResponse;
import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.PartnerGalleryAnswer;
import dev.ridgeline.api.v1.PartnerHit;
import dev.ridgeline.api.v1.PartnerIdentifyRequest;
import dev.ridgeline.api.v1.PartnerMatchingGrpc;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.api.v1.UnavailablePartner;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.finger.StandardTemplates;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.engine.work.WorkClass;
import dev.ridgeline.server.grpc.CallScheduler;
import dev.ridgeline.server.grpc.ProtoMapping;
import dev.ridgeline.server.observability.CallObserver;
import dev.ridgeline.server.security.Caller;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asking side: one identify across local galleries and partners' galleries. Partners are asked
 * in parallel, with templates (never images), under one deadline; the answer is sent when all have
 * answered or at the deadline, whichever is first, naming every partner that did not answer.
 * No thread waits for a partner: the answer is assembled when the last one answers or the deadline passes.
 */
final class FederatedMatchingService extends FederatedMatchingGrpc.FederatedMatchingImplBase {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.federation");
    /** Kept back from the caller's own deadline, so the merged answer reaches it before that passes. */
    private static final long MERGE_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** After the partners' deadline, how long their calls' own deadline handling gets before the answer goes out anyway. */
    private static final long BACKSTOP_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

    private final String deployment;
    private final Ridgeline engine;
    private final CallScheduler scheduler;
    private final Supplier<Partners> partners;
    private final PartnerChannels channels;
    private final Duration defaultDeadline;
    private final FederationAudit audit;

    FederatedMatchingService(String deployment, Ridgeline engine, CallScheduler scheduler,
                             Supplier<Partners> partners, PartnerChannels channels, Duration defaultDeadline,
                             FederationAudit audit) {
        this.deployment = deployment;
        this.engine = engine;
        this.scheduler = scheduler;
        this.partners = partners;
        this.channels = channels;
        this.defaultDeadline = defaultDeadline;
        this.audit = audit;
    }

    /** The local galleries and, per partner, its galleries, in the order the request names them. */
    private record Plan(List<String> local, Map<Partner, List<String>> remote) {
    }

    /** What the work pool produced: local hits, and the partner queries still in flight. */
    private record LocalPart(List<FederatedHit> hits, List<PartnerQuery> queries, long deadlineNanos) {
    }

    @Override
    public void identify(FederatedIdentifyRequest request, StreamObserver<FederatedIdentifyResponse> observer) {
        long arrived = System.nanoTime();
        String correlationId = CallObserver.currentRequestId() != null ? CallObserver.currentRequestId()
                : UUID.randomUUID().toString();
        Caller caller = Caller.current();
        long asked = TimeUnit.MILLISECONDS.toNanos(request.getPartnerDeadlineMs() > 0 ? request.getPartnerDeadlineMs()
                : defaultDeadline.toMillis());
        Deadline own = Context.current().getDeadline();
        long allowed = own == null ? asked
                : Math.min(asked, own.timeRemaining(TimeUnit.NANOSECONDS) - MERGE_MARGIN_NANOS - BACKSTOP_NANOS);
        long deadlineNanos = arrived + allowed;
        long deadlineMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(allowed));
        scheduler.answer(WorkClass.BOOTH, "federated-identify", request.getProbeList(),
                new Merging(observer, correlationId), () -> {
                    Plan plan = plan(request);
                    List<PartnerQuery> queries = new ArrayList<>();
                    List<dev.ridgeline.engine.Sample> probe = ProtoMapping.samples(request.getProbeList());
                    if (!plan.remote().isEmpty()) {
                        Probe templated = templated(request.getProbeList(), probe);
                        probe = templated.local();
                        String digest = ProbeDigest.of(templated.outgoing());
                        plan.remote().forEach((partner, galleries) -> queries.add(ask(partner, galleries,
                                templated.outgoing(), digest, request, correlationId, caller, deadlineNanos, deadlineMillis)));
                    }
                    return new LocalPart(searchLocal(plan.local(), probe, request), queries, deadlineNanos);
                });
    }

    private Plan plan(FederatedIdentifyRequest request) {
        if (request.getGalleriesCount() == 0) {
            throw EngineException.invalid("a federated identify names at least one gallery (GALLERY or PARTNER:GALLERY)");
        }
        Partners known = partners.get();
        List<String> local = new ArrayList<>();
        Map<Partner, List<String>> remote = new LinkedHashMap<>();
        for (String name : request.getGalleriesList()) {
            int colon = name.indexOf(':');
            if (colon < 0) {
                engine.describeGallery(name); // an unknown local gallery is NOT_FOUND before any partner is asked
                local.add(name);
                continue;
            }
            String partnerName = name.substring(0, colon);
            Partner partner = known.named(partnerName).orElseThrow(() -> EngineException.notFound(
                    "'" + partnerName + "' in '" + name + "' is not a partner in the partner file"));
            remote.computeIfAbsent(partner, p -> new ArrayList<>()).add(name.substring(colon + 1));
        }
        if (!remote.isEmpty() && request.getPurpose().isBlank()) {
            throw EngineException.invalid("a query to partner galleries states its purpose code (partners' agreements list them)");
        }
        return new Plan(local, remote);
    }

    /** A probe as the local search takes it and as partners receive it. */
    private record Probe(List<dev.ridgeline.engine.Sample> local, List<Sample> outgoing) {
    }

    /**
     * Templates each image once: partners get templates, never images (fingers as ISO/IEC 19794-2
     * records any AFIS reads, faces as envelopes), and the local search the envelope. A sample that
     * already is a template (from a card) goes to partners as given.
     */
    private Probe templated(List<Sample> given, List<dev.ridgeline.engine.Sample> mapped) {
        List<dev.ridgeline.engine.Sample> local = new ArrayList<>(given.size());
        List<Sample> outgoing = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            if (!given.get(i).hasImage()) {
                local.add(mapped.get(i));
                outgoing.add(given.get(i));
                continue;
            }
            TemplateEnvelope envelope = engine.probeTemplate(mapped.get(i));
            local.add(dev.ridgeline.engine.Sample.template(envelope.position(), envelope.toBytes()));
            Sample.Builder template = Sample.newBuilder().setFingerPosition(envelope.position());
            if (envelope.modality() == Modality.FINGERPRINT) {
                template.setModality(dev.ridgeline.api.v1.Modality.FINGERPRINT)
                        .setTemplate(ByteString.copyFrom(StandardTemplates.export(envelope,
                                StandardTemplates.Format.ISO_19794_2_2005)))
                        .setTemplateFormat(TemplateFormat.ISO_19794_2_2005);
            } else {
                template.setModality(dev.ridgeline.api.v1.Modality.FACE).setTemplate(ByteString.copyFrom(envelope.toBytes()));
            }
            outgoing.add(template.build());
        }
        return new Probe(local, outgoing);
    }

    private PartnerQuery ask(Partner partner, List<String> galleries, List<Sample> probe, String digest,
                             FederatedIdentifyRequest request, String correlationId, Caller caller, long deadlineNanos,
                             long deadlineMillis) {
        PartnerQuery query = new PartnerQuery(partner, galleries, deadlineMillis);
        query.outcome().thenAccept(outcome -> audit.write(new PartnerAuditLine(Instant.now(), "outbound", correlationId,
                partner.name(), caller.name(), caller.agency(), partner.endpoint(), "Identify", request.getPurpose(),
                galleries, outcome.answered() ? PartnerFile.label(outcome.answer().getDisclosure()) : null, digest,
                outcome.answered() ? hitCount(outcome.answer().getGalleriesList()) : 0, outcome.code().name(),
                outcome.reason(), (System.nanoTime() - query.startedNanos) / 1e6)));
        if (partner.endpoint() == null) {
            query.fail(Status.FAILED_PRECONDITION.withDescription("the partner file gives partner '" + partner.name()
                    + "' no endpoint"));
            return query;
        }
        Metadata headers = new Metadata();
        headers.put(CallObserver.REQUEST_ID, correlationId);
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            query.giveUp();
            return query;
        }
        query.follow(PartnerMatchingGrpc.newFutureStub(channels.channel(partner))
                .withDeadlineAfter(remaining, TimeUnit.NANOSECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .identify(PartnerIdentifyRequest.newBuilder()
                        .addAllGalleries(galleries)
                        .addAllProbe(probe)
                        .setPurpose(request.getPurpose())
                        .setCorrelationId(correlationId)
                        .setMaxResults(request.getMaxResults())
                        .setTargetFmr(request.getTargetFmr())
                        .build()));
        return query;
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

    /** Receives the local part from the work pool and answers once the partners have, or the deadline passed. */
    private static final class Merging implements StreamObserver<LocalPart> {
        private final StreamObserver<FederatedIdentifyResponse> observer;
        private final String correlationId;

        Merging(StreamObserver<FederatedIdentifyResponse> observer, String correlationId) {
            this.observer = observer;
            this.correlationId = correlationId;
        }

        @Override
        public void onNext(LocalPart part) {
            CompletableFuture<?>[] outcomes = part.queries().stream().map(PartnerQuery::outcome)
                    .toArray(CompletableFuture[]::new);
            long wait = Math.max(0, part.deadlineNanos() + BACKSTOP_NANOS - System.nanoTime());
            CompletableFuture.allOf(outcomes)
                    .completeOnTimeout(null, wait, TimeUnit.NANOSECONDS)
                    .thenRun(() -> answer(part))
                    .exceptionally(failure -> {
                        LOG.error("cannot assemble a federated answer", failure);
                        observer.onError(Status.INTERNAL.withDescription("internal error assembling the federated answer")
                                .asRuntimeException());
                        return null;
                    });
        }

        private void answer(LocalPart part) {
            FederatedIdentifyResponse.Builder response = FederatedIdentifyResponse.newBuilder()
                    .setCorrelationId(correlationId)
                    .addAllHits(part.hits());
            for (PartnerQuery query : part.queries()) {
                PartnerQuery.Outcome outcome = query.giveUp();
                if (!outcome.answered()) {
                    response.addPartnersUnavailable(UnavailablePartner.newBuilder()
                            .setPartner(query.partner.name())
                            .setCode(outcome.code().value())
                            .setReason(outcome.reason()));
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
            observer.onNext(response.setComplete(response.getPartnersUnavailableCount() == 0).build());
            observer.onCompleted();
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
}
