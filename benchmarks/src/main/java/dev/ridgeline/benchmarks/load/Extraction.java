package dev.ridgeline.benchmarks.load;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.TemplatesGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/** Samples for the run, templated by the service under test so they are exactly what it would store. */
final class Extraction {

    private final TemplatesGrpc.TemplatesBlockingStub templates;

    Extraction(Channel channel) {
        this.templates = TemplatesGrpc.newBlockingStub(channel);
    }

    static Sample image(Modality modality, byte[] encoded) {
        Image.Builder image = Image.newBuilder().setData(ByteString.copyFrom(encoded));
        if (modality == Modality.FINGERPRINT) {
            image.setDpi(500);
        }
        return Sample.newBuilder().setModality(modality).setImage(image).build();
    }

    static Sample template(Modality modality, byte[] envelope) {
        return Sample.newBuilder().setModality(modality).setTemplate(ByteString.copyFrom(envelope)).build();
    }

    /** The image's template as a template sample, or empty when the service refuses the image (too few ridges, no face). */
    Optional<Sample> template(Sample image) {
        try {
            ByteString envelope = templates.extractTemplate(ExtractTemplateRequest.newBuilder().setSample(image).build())
                    .getTemplate();
            return Optional.of(Sample.newBuilder().setModality(image.getModality()).setTemplate(envelope).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
