package dev.ridgeline.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TemplateEnvelopeTest {

    private final TemplateEnvelope envelope = new TemplateEnvelope(Modality.FINGERPRINT, "sourceafis", "3.18.1", 7, 55,
            42, new byte[] {1, 2, 3, 4, 5});

    @Test
    void roundTripsEveryField() {
        TemplateEnvelope parsed = TemplateEnvelope.parse(envelope.toBytes());

        assertThat(parsed.modality()).isEqualTo(Modality.FINGERPRINT);
        assertThat(parsed.algorithm()).isEqualTo("sourceafis");
        assertThat(parsed.algorithmVersion()).isEqualTo("3.18.1");
        assertThat(parsed.position()).isEqualTo(7);
        assertThat(parsed.quality()).isEqualTo(55);
        assertThat(parsed.featureCount()).isEqualTo(42);
        assertThat(parsed.payload()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void encodedLengthIsTheSizeOfTheBytes() {
        assertThat(envelope.encodedLength()).isEqualTo(envelope.toBytes().length);
    }

    @Test
    void refusesEveryTruncation() {
        byte[] bytes = envelope.toBytes();
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> TemplateEnvelope.parse(truncated))
                    .isInstanceOf(EngineException.class)
                    .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(EngineException.Kind.INVALID_INPUT));
        }
    }

    @Test
    void refusesForeignBytesAndTrailingGarbage() {
        assertThatThrownBy(() -> TemplateEnvelope.parse("FMR\0 20\0 not ours".getBytes()))
                .hasMessageContaining("not a Ridgeline template envelope");
        byte[] longer = Arrays.copyOf(envelope.toBytes(), envelope.toBytes().length + 3);
        assertThatThrownBy(() -> TemplateEnvelope.parse(longer)).hasMessageContaining("payload length");
    }

    @Test
    void refusesAnotherEnvelopeFormat() {
        byte[] bytes = envelope.toBytes();
        bytes[3] = 9;
        assertThatThrownBy(() -> TemplateEnvelope.parse(bytes)).hasMessageContaining("format 9 is not supported");
    }

    @Test
    void refusesPositionOutsideOneToTen() {
        byte[] bytes = envelope.toBytes();
        bytes[5] = 11;
        assertThatThrownBy(() -> TemplateEnvelope.parse(bytes)).hasMessageContaining("finger position");
    }
}
