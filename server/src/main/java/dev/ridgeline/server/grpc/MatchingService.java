package dev.ridgeline.server.grpc;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.card.CardGate;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.match.Identification;
import dev.ridgeline.engine.match.RankedCandidate;
import dev.ridgeline.engine.match.Verification;
import dev.ridgeline.engine.work.WorkClass;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;

final class MatchingService extends MatchingGrpc.MatchingImplBase {

    private final Ridgeline engine;
    private final CardGate cardGate;
    private final CallScheduler scheduler;

    MatchingService(Ridgeline engine, CardGate cardGate, CallScheduler scheduler) {
        this.engine = engine;
        this.cardGate = cardGate;
        this.scheduler = scheduler;
    }

    @Override
    public void verify(VerifyRequest request, StreamObserver<VerifyResponse> observer) {
        scheduler.answer(WorkClass.BOOTH, "verify", request.getProbeList(), observer, () -> {
            var probe = ProtoMapping.samples(request.getProbeList());
            Verification verification = switch (request.getReferenceCase()) {
                case SUBJECT -> engine.verifySubject(probe, request.getSubject().getGallery(),
                        request.getSubject().getSubjectId(), request.getTargetFmr());
                case CARD -> engine.verifyCard(probe, cardGate.envelopes(
                        request.getCard().getTemplatesList().stream().map(ByteString::toByteArray).toList()).stream()
                        .map(template -> ProtoMapping.template(template, request.getCard().getFormat(), 0)).toList(),
                        request.getTargetFmr());
                case REFERENCE_NOT_SET -> throw EngineException.invalid(
                        "verify needs a reference: an enrolled subject or the templates from a card");
            };
            VerifyResponse.Builder response = VerifyResponse.newBuilder()
                    .setDecision(ProtoMapping.decision(verification.decision()))
                    .addAllScores(ProtoMapping.scores(verification.modalities()))
                    .addAllProbeFingers(ProtoMapping.probeFingers(verification.probeFingers()));
            if (verification.probeFace() != null) {
                response.setProbeFace(ProtoMapping.probeFace(verification.probeFace()));
            }
            return response.build();
        });
    }

    @Override
    public void identify(IdentifyRequest request, StreamObserver<IdentifyResponse> observer) {
        scheduler.answer(WorkClass.BOOTH, "identify", request.getProbeList(), observer, () -> {
            // Shard threads cannot see the call's context: hand them its cancellation explicitly.
            Context call = Context.current();
            Identification identification = engine.identify(request.getGallery(),
                    ProtoMapping.samples(request.getProbeList()), ProtoMapping.filter(request.getFilter()),
                    request.getMaxResults(), request.getTargetFmr(), request.getTargetFpir(),
                    request.getIncludeNonMatches(),
                    request.getExhaustive() ? SearchMode.EXHAUSTIVE : SearchMode.TWO_STAGE, call::isCancelled);
            IdentifyResponse.Builder response = IdentifyResponse.newBuilder()
                    .setSearched(identification.searched())
                    .setThreshold(identification.threshold())
                    .setTargetFmr(identification.targetFmr())
                    .setTargetFpir(identification.targetFpir())
                    .addAllProbeFingers(ProtoMapping.probeFingers(identification.probeFingers()));
            if (identification.probeFace() != null) {
                response.setProbeFace(ProtoMapping.probeFace(identification.probeFace()));
            }
            if (identification.coverage() != null) {
                response.setCoverage(ProtoMapping.coverage(identification.coverage()));
            }
            for (RankedCandidate candidate : identification.candidates()) {
                response.addCandidates(Candidate.newBuilder()
                        .setSubjectId(candidate.score().subjectId())
                        .setRank(candidate.rank())
                        .setDecision(ProtoMapping.decision(candidate.decision()))
                        .addAllScores(ProtoMapping.scores(candidate.score().modalities())));
            }
            return response.build();
        });
    }
}
