package dev.ridgeline.server.federation;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.finger.StandardTemplates;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.server.grpc.ProtoMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * A federated probe, templated once: as the local search takes it, and as partners receive it.
 * Partners get templates (fingers as ISO/IEC 19794-2 records any AFIS reads, faces as envelopes),
 * or the images as given where the partner file says the partner's agreement accepts them. A
 * sample that already is a template (from a card) goes as given.
 *
 * @param given     the probe as the local caller sent it
 * @param local     the probe for a local search
 * @param templates the probe as templates only
 */
record OutgoingProbe(List<Sample> given, List<dev.ridgeline.engine.Sample> local, List<Sample> templates) {

    static OutgoingProbe of(Ridgeline engine, List<Sample> given) {
        List<dev.ridgeline.engine.Sample> mapped = ProtoMapping.samples(given);
        List<dev.ridgeline.engine.Sample> local = new ArrayList<>(given.size());
        List<Sample> templates = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            if (!given.get(i).hasImage()) {
                local.add(mapped.get(i));
                templates.add(given.get(i));
                continue;
            }
            TemplateEnvelope envelope = engine.probeTemplate(mapped.get(i));
            local.add(dev.ridgeline.engine.Sample.template(envelope.position(), envelope.toBytes()));
            templates.add(exported(envelope));
        }
        return new OutgoingProbe(given, local, templates);
    }

    /** What {@code partner} receives: the images only where its agreement accepts them. */
    List<Sample> forPartner(Partner partner) {
        return partner.sendsProbeImages() ? given : templates;
    }

    private static Sample exported(TemplateEnvelope envelope) {
        Sample.Builder template = Sample.newBuilder().setFingerPosition(envelope.position());
        if (envelope.modality() == Modality.FINGERPRINT) {
            return template.setModality(dev.ridgeline.api.v1.Modality.FINGERPRINT)
                    .setTemplate(ByteString.copyFrom(StandardTemplates.export(envelope,
                            StandardTemplates.Format.ISO_19794_2_2005)))
                    .setTemplateFormat(TemplateFormat.ISO_19794_2_2005)
                    .build();
        }
        return template.setModality(dev.ridgeline.api.v1.Modality.FACE).setTemplate(ByteString.copyFrom(envelope.toBytes()))
                .build();
    }
}
