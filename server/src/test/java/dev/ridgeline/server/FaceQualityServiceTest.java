package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.FaceSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Face quality over real gRPC: a server with a minimum enrollment quality refuses a degraded photo
 * naming its score and the minimum, a booth verify reports the probe face's quality, and a face
 * cut off by the photo's edge is refused rather than scored.
 */
class FaceQualityServiceTest {

    private static final int MIN_QUALITY = 60;

    @TempDir
    Path dataDirectory;

    private static byte[] portrait;

    @BeforeAll
    static void fetchPhotosAndModels() throws Exception {
        portrait = Portraits.ofFirstPhoto().getFirst();
    }

    @Test
    void enrollmentBelowTheMinimumQualityIsRefusedNamingTheScoreAndTheMinimum() throws Exception {
        try (ServerHarness harness = new ServerHarness(withMinimumQuality(EngineConfig.defaults(dataDirectory)))) {
            harness.createGallery("pr-cards");
            // Eyes behind a dark band, as behind sunglasses: sharp, frontal and large enough, but the
            // model reads little of the face in it.
            assertThatThrownBy(() -> enroll(harness, "shaded", eyesCovered(portrait)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).matches(
                                "face quality \\d+ is below this server's enrollment minimum of " + MIN_QUALITY);
                    });
            enroll(harness, "clear", portrait);

            VerifyResponse verified = verify(harness, "clear", portrait);
            assertThat(verified.getDecision().getMatch()).isTrue();
            assertThat(verified.getProbeFace().getQuality()).isGreaterThanOrEqualTo(MIN_QUALITY);
            assertThat(verified.getProbeFace().getOutsideFraction()).isZero();
            // A probe is not held to the enrollment minimum: the booth gets its quality to decide on.
            VerifyResponse shaded = verify(harness, "clear", eyesCovered(portrait));
            assertThat(shaded.getProbeFace().getQuality()).isLessThan(MIN_QUALITY);
            // A search reports the same probe qualities as a verify of the same photo.
            assertThat(identify(harness, portrait).getProbeFace()).isEqualTo(verified.getProbeFace());
            assertThat(identify(harness, eyesCovered(portrait)).getProbeFace()).isEqualTo(shaded.getProbeFace());
        }
    }

    @Test
    void aBoothProbeCutOffByThePhotosEdgeIsRefusedNotScored() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            harness.createGallery("pr-cards");
            enroll(harness, "holder", portrait);
            assertThatThrownBy(() -> verify(harness, "holder", leftHalf(portrait)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).matches("face cut off by the photo's edge: \\d+% of"
                                + " the face lay outside the photo, at most 25% allowed; .*");
                    });
        }
    }

    private static EngineConfig withMinimumQuality(EngineConfig config) {
        FaceSettings faces = config.faces();
        return new EngineConfig(config.dataDirectory(), config.defaultShards(), config.searchThreads(),
                config.imageLimits(), config.minimumMinutiae(), new FaceSettings(faces.modelDirectory(),
                        faces.probeSelection(), faces.qualityGate().withMinScore(MIN_QUALITY)), config.storeKeys());
    }

    private static Sample face(byte[] image) {
        return Sample.newBuilder().setModality(Modality.FACE)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(image))).build();
    }

    private static void enroll(ServerHarness harness, String id, byte[] photo) {
        harness.subjects().enroll(EnrollRequest.newBuilder().setGallery("pr-cards").setSubjectId(id)
                .addAllSamples(List.of(face(photo))).build());
    }

    private static IdentifyResponse identify(ServerHarness harness, byte[] photo) {
        return harness.matching().identify(IdentifyRequest.newBuilder().setGallery("pr-cards").addProbe(face(photo))
                .build());
    }

    private static VerifyResponse verify(ServerHarness harness, String id, byte[] photo) {
        return harness.matching().verify(VerifyRequest.newBuilder().addProbe(face(photo))
                .setSubject(SubjectRef.newBuilder().setGallery("pr-cards").setSubjectId(id)).build());
    }

    /** A near-black band across the eyes: from a quarter to three quarters of the width, 38-48% down. */
    private static byte[] eyesCovered(byte[] photo) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo));
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(20, 20, 20));
        graphics.fillRect(image.getWidth() / 4, (int) (image.getHeight() * 0.38), image.getWidth() / 2,
                (int) (image.getHeight() * 0.10));
        graphics.dispose();
        return png(image);
    }

    /** The photo's left half: the face cut down its middle. */
    private static byte[] leftHalf(byte[] photo) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo));
        return png(image.getSubimage(0, 0, image.getWidth() / 2, image.getHeight()));
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
