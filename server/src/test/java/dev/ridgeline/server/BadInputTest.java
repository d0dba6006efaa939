package dev.ridgeline.server;

import static dev.ridgeline.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.Clause;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.Filter;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.template.TemplateEnvelope;
import io.grpc.Status;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets its precise status and a readable message, the server keeps
 * serving, and nothing already acknowledged changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String GALLERY = "pr-cards";
    private static final int MAX_IMAGE_BYTES = 2 * 1024 * 1024;

    @TempDir
    static Path dataDirectory;
    private ServerHarness harness;
    private GalleryInfo before;

    @BeforeAll
    void enrollTwoSubjects() throws Exception {
        EngineConfig defaults = EngineConfig.defaults(dataDirectory);
        harness = new ServerHarness(new EngineConfig(dataDirectory, 2, 2,
                new ImageLimits(MAX_IMAGE_BYTES, ImageLimits.DEFAULT.maxPixels()), defaults.minimumMinutiae(),
                defaults.faces(), defaults.storeKeys()));
        harness.createGallery(GALLERY);
        harness.enroll(GALLERY, "P1", 300, 0);
        harness.enroll(GALLERY, "P2", 301, 0);
        before = describe();
    }

    @AfterEach
    void galleryIsUnchangedAndTheServerStillServes() {
        assertThat(describe()).isEqualTo(before);
        GrpcAssertions.assertStillServes(harness, GALLERY, "P1", 300, 0);
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    private GalleryInfo describe() {
        return harness.galleries().describeGallery(DescribeGalleryRequest.newBuilder().setName(GALLERY).build());
    }


    private static Sample image(byte[] bytes) {
        return Sample.newBuilder().setModality(Modality.FINGERPRINT)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(bytes))).build();
    }

    private static Sample template(byte[] bytes) {
        return Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(ByteString.copyFrom(bytes)).build();
    }

    private void enroll(String id, Sample sample) {
        harness.subjects().enroll(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId(id).addSamples(sample).build());
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private byte[] validTemplate() {
        return harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(302, 0)).build()).getTemplate().toByteArray();
    }

    @Test
    void emptyUndecodableAndTruncatedImages() {
        assertStatus(() -> enroll("X1", image(new byte[0])), Status.Code.INVALID_ARGUMENT, "image is empty");
        assertStatus(() -> enroll("X1", image("GIF89a but not really".getBytes())), Status.Code.INVALID_ARGUMENT,
                "cannot be decoded");
        byte[] png = GeneratedFingers.png(303, 0);
        assertStatus(() -> enroll("X1", image(Arrays.copyOf(png, png.length / 3))), Status.Code.INVALID_ARGUMENT,
                "cannot be decoded");
        assertStatus(() -> enroll("X1", image("plain text".getBytes())), Status.Code.INVALID_ARGUMENT,
                "format not recognised");
    }

    @Test
    void anImageWithoutAModalityIsRefusedRatherThanTakenForAFinger() {
        Sample unnamed = GeneratedFingers.sample(300, 1).toBuilder().setModality(Modality.MODALITY_UNSPECIFIED).build();
        String message = "a sample with an image must set its modality: FINGERPRINT or FACE";
        assertStatus(() -> enroll("X1", unnamed), Status.Code.INVALID_ARGUMENT, message);
        assertStatus(() -> harness.matching().verify(VerifyRequest.newBuilder().addProbe(unnamed)
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId("P1")).build()),
                Status.Code.INVALID_ARGUMENT, message);
        assertStatus(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder().setSample(unnamed).build()),
                Status.Code.INVALID_ARGUMENT, message);
        // a template says its own modality
        assertThat(harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(template(validTemplate()).toBuilder().setModality(Modality.MODALITY_UNSPECIFIED))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId("P2")).build()).hasDecision()).isTrue();
    }

    @Test
    void oversizedImagesNameTheLimit() throws Exception {
        byte[] huge = new byte[MAX_IMAGE_BYTES + 1];
        System.arraycopy(GeneratedFingers.png(303, 0), 0, huge, 0, 100);
        assertStatus(() -> enroll("X1", image(huge)), Status.Code.RESOURCE_EXHAUSTED, "limit is " + MAX_IMAGE_BYTES + " bytes");

        byte[] tooManyPixels = png(new BufferedImage(6000, 5000, BufferedImage.TYPE_BYTE_GRAY));
        assertStatus(() -> enroll("X1", image(tooManyPixels)), Status.Code.RESOURCE_EXHAUSTED,
                "6000x5000 = 30000000 pixels");
    }

    @Test
    void imagesWithoutUsableRidges() throws Exception {
        BufferedImage blank = new BufferedImage(400, 400, BufferedImage.TYPE_BYTE_GRAY);
        blank.getGraphics().fillRect(0, 0, 400, 400);
        assertStatus(() -> enroll("X1", image(png(blank))), Status.Code.INVALID_ARGUMENT, "no usable ridges");
        assertStatus(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(image(png(blank))).build()), Status.Code.INVALID_ARGUMENT, "no usable ridges");
    }

    @Test
    void unknownGalleryOrSubject() {
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery("nowhere").setSubjectId("X1")
                .addSamples(GeneratedFingers.sample(303, 0)).build()), Status.Code.NOT_FOUND, "gallery 'nowhere' does not exist");
        assertStatus(() -> harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(300, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId("NOBODY")).build()),
                Status.Code.NOT_FOUND, "subject 'NOBODY' is not enrolled");
        assertStatus(() -> harness.matching().identify(IdentifyRequest.newBuilder().setGallery("nowhere")
                .addProbe(GeneratedFingers.sample(300, 1)).build()), Status.Code.NOT_FOUND, "nowhere");
        assertStatus(() -> harness.subjects().getSubject(GetSubjectRequest.newBuilder().setGallery(GALLERY)
                .setSubjectId("NOBODY").build()), Status.Code.NOT_FOUND, "NOBODY");
        assertStatus(() -> harness.subjects().deleteSubject(DeleteSubjectRequest.newBuilder().setGallery(GALLERY)
                .setSubjectId("NOBODY").build()), Status.Code.NOT_FOUND, "NOBODY");
        assertStatus(() -> harness.subjects().updateAttributes(UpdateAttributesRequest.newBuilder().setGallery(GALLERY)
                .setSubjectId("NOBODY").putAttributes("status", "REVOKED").build()), Status.Code.NOT_FOUND, "NOBODY");
    }

    @Test
    void duplicateIds() {
        assertStatus(() -> enroll("P1", GeneratedFingers.sample(303, 0)), Status.Code.ALREADY_EXISTS,
                "subject 'P1' is already enrolled");
        assertStatus(() -> harness.galleries().createGallery(CreateGalleryRequest.newBuilder().setName(GALLERY).build()),
                Status.Code.ALREADY_EXISTS, "gallery 'pr-cards' already exists");
    }

    @Test
    void duplicateFingersWhenTheCheckIsOn() {
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("P1-AGAIN")
                .addSamples(GeneratedFingers.sample(300, 0)).setCheckDuplicates(true).build()),
                Status.Code.ALREADY_EXISTS, "match enrolled subject 'P1'");
    }

    @Test
    void malformedTemplates() {
        byte[] valid = validTemplate();
        assertStatus(() -> enroll("X1", template("garbage bytes".getBytes())), Status.Code.INVALID_ARGUMENT,
                "none of the formats this server reads: a Ridgeline template envelope, an ISO/IEC 19794-2 record"
                        + " (2005 or 2011), an ANSI INCITS 378 record (2004 or 2009), or ISO/IEC 19794-2 compact card"
                        + " minutiae (declared as ISO_19794_2_COMPACT_CARD");
        assertStatus(() -> enroll("X1", template(Arrays.copyOf(valid, valid.length - 10))), Status.Code.INVALID_ARGUMENT,
                "malformed template");
        TemplateEnvelope envelope = TemplateEnvelope.parse(valid);
        byte[] scrambled = new TemplateEnvelope(envelope.modality(), envelope.algorithm(), envelope.algorithmVersion(),
                0, 0, 10, new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7}).toBytes();
        assertStatus(() -> enroll("X1", template(scrambled)), Status.Code.INVALID_ARGUMENT, "payload cannot be read");
        assertStatus(() -> harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(300, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(ByteString.copyFromUtf8("forged"))).build()),
                Status.Code.INVALID_ARGUMENT, "malformed template");
    }

    @Test
    void templatesFromAnotherAlgorithmOrVersion() {
        TemplateEnvelope envelope = TemplateEnvelope.parse(validTemplate());
        byte[] otherVersion = new TemplateEnvelope(envelope.modality(), envelope.algorithm(), "2.0.0", 0, 0,
                envelope.featureCount(), envelope.payload()).toBytes();
        byte[] otherAlgorithm = new TemplateEnvelope(envelope.modality(), "openafis", "1.0", 0, 0,
                envelope.featureCount(), envelope.payload()).toBytes();

        assertStatus(() -> enroll("X1", template(otherVersion)), Status.Code.INVALID_ARGUMENT,
                "made by sourceafis 2.0.0");
        assertStatus(() -> harness.matching().identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(template(otherAlgorithm)).build()), Status.Code.INVALID_ARGUMENT, "made by openafis 1.0");
    }

    @Test
    void invalidFiltersAndFields() {
        assertStatus(() -> harness.matching().identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(GeneratedFingers.sample(300, 1))
                .setFilter(Filter.newBuilder().addAllOf(Clause.newBuilder().setAttribute("eye_colour").addAnyOf("blue")))
                .build()), Status.Code.INVALID_ARGUMENT, "'eye_colour' is not filterable");
        assertStatus(() -> harness.matching().identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(GeneratedFingers.sample(300, 1))
                .setFilter(Filter.newBuilder().addAllOf(Clause.newBuilder().setAttribute("programme")))
                .build()), Status.Code.INVALID_ARGUMENT, "lists no values");
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("X1")
                .addSamples(GeneratedFingers.sample(303, 0)).putAttributes("colour", "red").build()),
                Status.Code.INVALID_ARGUMENT, "unknown attribute 'colour'");
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("has space")
                .addSamples(GeneratedFingers.sample(303, 0)).build()), Status.Code.INVALID_ARGUMENT, "subject id");
        assertStatus(() -> harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(300, 1)).setTargetFmr(0.5)
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId("P1")).build()),
                Status.Code.INVALID_ARGUMENT, "outside the calibrated range");
        assertStatus(() -> harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(300, 1)).build()), Status.Code.INVALID_ARGUMENT, "needs a reference");
        assertStatus(() -> harness.galleries().createGallery(CreateGalleryRequest.newBuilder().setName("Bad Name!").build()),
                Status.Code.INVALID_ARGUMENT, "gallery name");
    }

    @Test
    void aBadItemInABulkStreamFailsAloneAndTheOthersAreEnrolled() throws Exception {
        BulkEnrollResults response = BulkEnrollClient.enroll(harness.channel(), List.of(
                EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("B1")
                        .addSamples(GeneratedFingers.sample(304, 0)).build(),
                EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("B2")
                        .addSamples(image("junk".getBytes())).build(),
                EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("P1")
                        .addSamples(GeneratedFingers.sample(305, 0)).build(),
                EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("B3")
                        .addSamples(GeneratedFingers.sample(306, 0)).build(),
                EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("B1")
                        .addSamples(GeneratedFingers.sample(307, 0)).build()));
        try {
            assertThat(response.enrolled()).isEqualTo(2);
            assertThat(response.failed()).isEqualTo(3);
            assertThat(response.results()).extracting(BulkEnrollResults::code)
                    .containsExactly(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.ALREADY_EXISTS, Status.Code.OK,
                            Status.Code.ALREADY_EXISTS);
            assertThat(response.results()).extracting(r -> r.getIndex()).containsExactly(0, 1, 2, 3, 4);
            assertThat(response.results().get(1).getMessage()).contains("format not recognised");
            assertThat(response.results().get(4).getMessage()).contains("B1");
        } finally {
            for (String id : new String[] {"B1", "B3"}) {
                harness.subjects().deleteSubject(DeleteSubjectRequest.newBuilder().setGallery(GALLERY).setSubjectId(id).build());
            }
        }
    }
}
