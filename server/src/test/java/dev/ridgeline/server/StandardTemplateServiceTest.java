package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.ExtractTemplateResponse;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.api.v1.VerifyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** ISO/ANSI minutiae records over gRPC: written by ExtractTemplate, read from cards and enrollments. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandardTemplateServiceTest {

    @TempDir
    static Path dataDirectory;
    private ServerHarness harness;

    @BeforeAll
    void start() throws Exception {
        harness = new ServerHarness(dataDirectory);
        harness.createGallery("pr-cards");
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    private ExtractTemplateResponse extract(int finger, TemplateFormat format) {
        return harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(finger, 0).toBuilder().setFingerPosition(2)).setFormat(format).build());
    }

    private boolean verifiesAgainstCard(int probeFinger, byte[] card) {
        return harness.matching().verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(probeFinger, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(ByteString.copyFrom(card))).build()).getDecision().getMatch();
    }

    /** Holders of six cards, in each format: most match (records lose some detail), no other finger does. */
    @Test
    void aBoothVerifiesALiveCaptureAgainstAStandardRecordFromACard() {
        for (TemplateFormat format : new TemplateFormat[] {TemplateFormat.ISO_19794_2_2005, TemplateFormat.ANSI_378_2004,
                TemplateFormat.ANSI_378_2009}) {
            int holdersMatched = 0;
            for (int finger = 600; finger < 606; finger++) {
                ExtractTemplateResponse response = extract(finger, format);
                byte[] record = response.getTemplate().toByteArray();
                assertThat(Arrays.copyOf(record, 4)).as(format.name()).isEqualTo(new byte[] {'F', 'M', 'R', 0});
                assertThat(response.getInfo().getSizeBytes()).isEqualTo(record.length);
                assertThat(response.getInfo().getFingerPosition()).isEqualTo(2);
                holdersMatched += verifiesAgainstCard(finger, record) ? 1 : 0;
                assertThat(verifiesAgainstCard(finger + 50, record)).as("another finger against %s", format).isFalse();
            }
            assertThat(holdersMatched).as("holders matched through %s", format).isGreaterThanOrEqualTo(4);
        }
    }

    /** A record is read as what its bytes are; declaring it as another format is a mislabelled card, refused. */
    @Test
    void aCardTemplateOfAnotherFormatThanDeclaredIsRefusedNamingBoth() {
        Map<TemplateFormat, String> labels = new EnumMap<>(TemplateFormat.class);
        labels.put(TemplateFormat.ISO_19794_2_2005, "ISO/IEC 19794-2:2005");
        labels.put(TemplateFormat.ANSI_378_2004, "ANSI INCITS 378-2004");
        labels.put(TemplateFormat.ANSI_378_2009, "ANSI INCITS 378-2009");
        for (TemplateFormat written : labels.keySet()) {
            byte[] record = extract(640, written).getTemplate().toByteArray();
            for (TemplateFormat declared : labels.keySet()) {
                if (declared == written) {
                    assertThatCode(() -> verifyDeclared(640, record, declared)).as("%s declared as itself", written)
                            .doesNotThrowAnyException();
                } else {
                    assertThatThrownBy(() -> verifyDeclared(640, record, declared)).as("%s declared %s", written, declared)
                            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                                assertThat(e.getStatus().getDescription()).isEqualTo("the template is declared "
                                        + labels.get(declared) + " but its bytes are an " + labels.get(written) + " record");
                            });
                }
            }
        }
        byte[] envelope = extract(640, TemplateFormat.RIDGELINE_ENVELOPE).getTemplate().toByteArray();
        assertThatThrownBy(() -> verifyDeclared(640, envelope, TemplateFormat.ANSI_378_2009))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .isEqualTo("the template is declared ANSI INCITS 378-2009 but its bytes are a Ridgeline template envelope"));
        byte[] iso = extract(641, TemplateFormat.ISO_19794_2_2005).getTemplate().toByteArray();
        assertThatThrownBy(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery("pr-cards").setSubjectId("MISLABELLED")
                .addSamples(Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(ByteString.copyFrom(iso))
                        .setTemplateFormat(TemplateFormat.ANSI_378_2004)).build()))
                .as("an enrollment's template is checked as a card's is")
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .contains("declared ANSI INCITS 378-2004 but its bytes are an ISO/IEC 19794-2:2005 record"));
    }

    private boolean verifyDeclared(int probeFinger, byte[] card, TemplateFormat declared) {
        return harness.matching().verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(probeFinger, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(ByteString.copyFrom(card)).setFormat(declared)).build())
                .getDecision().getMatch();
    }

    @Test
    void aCompactCardTemplateFitsAChipAndItsHolderMatchesIt() {
        int holdersMatched = 0;
        for (int finger = 630; finger < 636; finger++) {
            byte[] card = extract(finger, TemplateFormat.ISO_19794_2_COMPACT_CARD).getTemplate().toByteArray();
            assertThat(card.length % 3).isZero();
            assertThat(card.length).isBetween(3, 180);
            holdersMatched += verifyCompact(finger, card) ? 1 : 0;
            assertThat(verifyCompact(finger + 50, card)).isFalse();
        }
        assertThat(holdersMatched).isGreaterThanOrEqualTo(5);

        byte[] card = extract(630, TemplateFormat.ISO_19794_2_COMPACT_CARD).getTemplate().toByteArray();
        assertThatThrownBy(() -> verifiesAgainstCard(630, card)).as("compact minutiae sent without naming their format")
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private boolean verifyCompact(int probeFinger, byte[] card) {
        return harness.matching().verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(probeFinger, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(ByteString.copyFrom(card))
                        .setFormat(TemplateFormat.ISO_19794_2_COMPACT_CARD)).build()).getDecision().getMatch();
    }

    @Test
    void anIsoRecordEnrollsAndIsFoundByItsImage() {
        byte[] iso = extract(610, TemplateFormat.ISO_19794_2_2005).getTemplate().toByteArray();
        harness.subjects().enroll(EnrollRequest.newBuilder().setGallery("pr-cards").setSubjectId("ISO-1")
                .addSamples(Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(ByteString.copyFrom(iso))).build());
        harness.enroll("pr-cards", "NATIVE-2", 611, 0);
        IdentifyResponse found = harness.matching().identify(IdentifyRequest.newBuilder().setGallery("pr-cards")
                .addProbe(GeneratedFingers.sample(610, 1)).build());
        assertThat(found.getCandidatesList()).extracting(c -> c.getSubjectId()).containsExactly("ISO-1");
    }

    @Test
    void faceTemplatesHaveNoStandardMinutiaeFormAndBrokenRecordsAreRefused() {
        byte[] iso = extract(620, TemplateFormat.ISO_19794_2_2005).getTemplate().toByteArray();
        assertThatThrownBy(() -> verifiesAgainstCard(620, Arrays.copyOf(iso, iso.length - 20)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("malformed ISO_19794_2_2005 record");
                });
        assertThatThrownBy(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(620, 0)).setFormatValue(42).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("unknown template format"));
    }
}
