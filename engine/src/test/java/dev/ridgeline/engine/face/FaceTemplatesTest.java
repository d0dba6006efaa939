package dev.ridgeline.engine.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The face payload records how much of the aligned crop lay outside the photo; older templates still read. */
class FaceTemplatesTest {

    private static final FaceTemplates TEMPLATES = FaceTemplates.FACEPLUGIN;
    private static final float[] VECTOR = new SyntheticFaceVectors(5, 512, 0.6).capture(7, 0);

    @Test
    void theOutsideShareTravelsWithTheVector() {
        TemplateEnvelope stored = TemplateEnvelope.parse(TEMPLATES.envelope(VECTOR, 71, 0.234).toBytes());

        assertThat(stored.quality()).isEqualTo(71);
        assertThat(TEMPLATES.outsideFraction(stored)).hasValue(0.23);
        assertThat(TEMPLATES.vector(stored).values()).isEqualTo(QuantizedFace.of(VECTOR).values());
    }

    /** Templates stored and written to cards before the share was recorded end after the vector. */
    @Test
    void aTemplateFromBeforeTheShareWasRecordedReadsWithTheShareUnknown() {
        TemplateEnvelope old = new TemplateEnvelope(Modality.FACE, TEMPLATES.algorithm(), TEMPLATES.version(), 0, 90,
                512, QuantizedFace.of(VECTOR).toPayload());

        assertThat(TEMPLATES.outsideFraction(old)).isEmpty();
        assertThat(TEMPLATES.vector(old).values()).isEqualTo(QuantizedFace.of(VECTOR).values());
    }

    @Test
    void otherPayloadLengthsAndSharesAreRefused() {
        byte[] payload = TEMPLATES.envelope(VECTOR, 50, 0).payload();
        TemplateEnvelope longer = new TemplateEnvelope(Modality.FACE, TEMPLATES.algorithm(), TEMPLATES.version(), 0, 50,
                512, Arrays.copyOf(payload, payload.length + 1));
        assertThatThrownBy(() -> TEMPLATES.vector(longer)).isInstanceOf(EngineException.class)
                .hasMessage("malformed face template: payload of 518 bytes, expected 517 (or 516 from before issue 23)"
                        + " for a 512-d vector");
        payload[payload.length - 1] = (byte) 101;
        TemplateEnvelope share = new TemplateEnvelope(Modality.FACE, TEMPLATES.algorithm(), TEMPLATES.version(), 0, 50,
                512, payload);
        assertThatThrownBy(() -> TEMPLATES.outsideFraction(share)).isInstanceOf(EngineException.class)
                .hasMessage("malformed face template: outside share 101% out of range");
    }
}
