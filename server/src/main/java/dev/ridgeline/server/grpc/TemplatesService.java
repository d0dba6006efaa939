package dev.ridgeline.server.grpc;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.ExtractTemplateResponse;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.RidgelineEngine;
import dev.ridgeline.engine.template.TemplateEnvelope;
import io.grpc.stub.StreamObserver;

/** Extraction without storage, for cards and for clients that match themselves. */
final class TemplatesService extends TemplatesGrpc.TemplatesImplBase {

    private final RidgelineEngine engine;

    TemplatesService(RidgelineEngine engine) {
        this.engine = engine;
    }

    @Override
    public void extractTemplate(ExtractTemplateRequest request, StreamObserver<ExtractTemplateResponse> observer) {
        Statuses.answer(observer, () -> {
            if (!request.getSample().hasImage()) {
                throw EngineException.invalid("extraction needs a sample holding an image");
            }
            TemplateEnvelope envelope = engine.template(ProtoMapping.sample(request.getSample()));
            return ExtractTemplateResponse.newBuilder()
                    .setTemplate(ByteString.copyFrom(envelope.toBytes()))
                    .setInfo(ProtoMapping.templateInfo(envelope))
                    .build();
        });
    }
}
