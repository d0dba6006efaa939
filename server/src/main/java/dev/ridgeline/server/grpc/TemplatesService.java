package dev.ridgeline.server.grpc;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.ExtractTemplateResponse;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.card.CardSigner;
import dev.ridgeline.engine.finger.CompactCardTemplate;
import dev.ridgeline.engine.finger.StandardTemplates;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.engine.work.WorkClass;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Extraction without storage, for cards (signed with the issuer key when asked) and for clients that match themselves. */
final class TemplatesService extends TemplatesGrpc.TemplatesImplBase {

    private final Ridgeline engine;
    private final Optional<CardSigner> signer;
    private final CallScheduler scheduler;

    TemplatesService(Ridgeline engine, Optional<CardSigner> signer, CallScheduler scheduler) {
        this.engine = engine;
        this.signer = signer;
        this.scheduler = scheduler;
    }

    @Override
    public void extractTemplate(ExtractTemplateRequest request, StreamObserver<ExtractTemplateResponse> observer) {
        // Card templates are written at enrollment: the enrollment class, behind booths.
        scheduler.answer(WorkClass.ENROLLMENT, "extract", List.of(request.getSample()), observer, () -> {
            if (!request.getSample().hasImage()) {
                throw EngineException.invalid("extraction needs a sample holding an image");
            }
            if (request.getSignForCard() && signer.isEmpty()) {
                throw new StatusRuntimeException(Status.FAILED_PRECONDITION.withDescription(
                        "this server has no issuer key to sign card templates with (serve --issuer-key)"));
            }
            TemplateEnvelope envelope = engine.template(ProtoMapping.sample(request.getSample()));
            byte[] record = inFormat(envelope, request.getFormat());
            byte[] template = request.getSignForCard() ? signer.get().sign(record, Instant.now()).toBytes() : record;
            return ExtractTemplateResponse.newBuilder()
                    .setTemplate(ByteString.copyFrom(template))
                    .setInfo(ProtoMapping.templateInfo(envelope).toBuilder().setSizeBytes(template.length))
                    .build();
        });
    }

    private static byte[] inFormat(TemplateEnvelope envelope, TemplateFormat format) {
        if (format == TemplateFormat.UNRECOGNIZED) {
            throw EngineException.invalid("unknown template format value");
        }
        if (format == TemplateFormat.RIDGELINE_ENVELOPE) {
            return envelope.toBytes();
        }
        if (envelope.modality() != Modality.FINGERPRINT) {
            throw EngineException.invalid(format + " is a fingerprint format; face templates are Ridgeline envelopes");
        }
        return switch (format) {
            case ISO_19794_2_2005 -> StandardTemplates.export(envelope, StandardTemplates.Format.ISO_19794_2_2005);
            case ANSI_378_2004 -> StandardTemplates.export(envelope, StandardTemplates.Format.ANSI_378_2004);
            case ANSI_378_2009 -> StandardTemplates.export(envelope, StandardTemplates.Format.ANSI_378_2009);
            case ISO_19794_2_COMPACT_CARD -> CompactCardTemplate.export(envelope, CompactCardTemplate.DEFAULT_MAX_MINUTIAE);
            case RIDGELINE_ENVELOPE, UNRECOGNIZED -> throw new IllegalStateException("handled above");
        };
    }
}
