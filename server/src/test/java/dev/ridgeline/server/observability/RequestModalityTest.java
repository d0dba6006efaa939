package dev.ridgeline.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.VerifyRequest;
import org.junit.jupiter.api.Test;

class RequestModalityTest {

    private static Sample sample(Modality modality) {
        return Sample.newBuilder().setModality(modality).build();
    }

    @Test
    void callsAreLabelledByTheModalitiesTheyCarry() {
        assertThat(RequestModality.of(IdentifyRequest.newBuilder().addProbe(sample(Modality.FACE)).build()))
                .isEqualTo("face");
        assertThat(RequestModality.of(VerifyRequest.newBuilder().addProbe(sample(Modality.FINGERPRINT)).build()))
                .isEqualTo("fingerprint");
        assertThat(RequestModality.of(EnrollRequest.newBuilder().addSamples(sample(Modality.FACE))
                .addSamples(sample(Modality.MODALITY_UNSPECIFIED)).build())).isEqualTo("face+fingerprint");
        assertThat(RequestModality.of(DeleteSubjectRequest.getDefaultInstance())).isEqualTo("none");
        assertThat(RequestModality.of(IdentifyRequest.getDefaultInstance())).isEqualTo("none");
    }
}
