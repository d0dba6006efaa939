package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.engine.EngineConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fingerprint quality over real gRPC: a server with a minimum enrollment quality refuses a noisy
 * capture naming its score and the minimum, enrolls the clean one, and a verify reports each probe
 * finger's quality (a probe is not held to the minimum); without the option any quality enrolls.
 */
class FingerQualityServiceTest {

    private static final int MIN_QUALITY = 40;
    private static final Pattern REFUSAL =
            Pattern.compile("fingerprint quality (\\d+) is below this server's enrollment minimum of " + MIN_QUALITY);

    @TempDir
    Path dataDirectory;

    @Test
    void enrollmentBelowTheMinimumQualityIsRefusedNamingTheScoreAndTheMinimum() throws Exception {
        byte[] clean = GeneratedFingers.png(0, 0);
        byte[] noisy = withNoise(clean, 45);
        int noisyQuality;
        try (ServerHarness open = new ServerHarness(dataDirectory.resolve("any-quality"))) {
            // By default any quality enrolls; ExtractTemplate says what the capture scores.
            open.createGallery("nexus");
            enroll(open, "noisy", noisy);
            noisyQuality = extractedQuality(open, noisy);
        }
        try (ServerHarness harness = new ServerHarness(
                EngineConfig.defaults(dataDirectory.resolve("gated")).withMinimumFingerQuality(MIN_QUALITY))) {
            harness.createGallery("nexus");
            assertThatThrownBy(() -> enroll(harness, "noisy", noisy))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        Matcher refusal = REFUSAL.matcher(e.getStatus().getDescription());
                        assertThat(refusal.matches()).as(e.getStatus().getDescription()).isTrue();
                        assertThat(Integer.parseInt(refusal.group(1))).isEqualTo(noisyQuality).isLessThan(MIN_QUALITY);
                    });
            enroll(harness, "clean", clean);

            byte[] probe = GeneratedFingers.png(0, 1);
            VerifyResponse verified = verify(harness, "clean", probe);
            assertThat(verified.getDecision().getMatch()).isTrue();
            assertThat(verified.getProbeFingersCount()).isEqualTo(1);
            assertThat(verified.getProbeFingers(0).getQuality())
                    .isEqualTo(extractedQuality(harness, probe)).isGreaterThanOrEqualTo(MIN_QUALITY);
            // A probe is not held to the enrollment minimum: the booth gets its quality to decide on.
            assertThat(verify(harness, "clean", noisy).getProbeFingers(0).getQuality()).isEqualTo(noisyQuality);
            // A search reports the probe's finger qualities too.
            assertThat(harness.matching().identify(IdentifyRequest.newBuilder().setGallery("nexus")
                    .addProbe(finger(noisy)).build()).getProbeFingersList())
                    .singleElement().satisfies(finger -> assertThat(finger.getQuality()).isEqualTo(noisyQuality));
        }
    }

    private static int extractedQuality(ServerHarness harness, byte[] png) {
        return harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder().setSample(finger(png)).build())
                .getInfo().getQuality();
    }

    private static Sample finger(byte[] png) {
        return Sample.newBuilder().setModality(Modality.FINGERPRINT)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(png)).setDpi(500)).build();
    }

    private static void enroll(ServerHarness harness, String id, byte[] png) {
        harness.subjects().enroll(EnrollRequest.newBuilder().setGallery("nexus").setSubjectId(id)
                .addSamples(finger(png)).build());
    }

    private static VerifyResponse verify(ServerHarness harness, String id, byte[] png) {
        return harness.matching().verify(VerifyRequest.newBuilder().addProbe(finger(png))
                .setSubject(SubjectRef.newBuilder().setGallery("nexus").setSubjectId(id)).build());
    }

    /** Gaussian sensor noise of {@code sigma} grey levels (fixed seed). */
    private static byte[] withNoise(byte[] png, double sigma) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        WritableRaster raster = image.getRaster();
        SplittableRandom random = new SplittableRandom(11);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                double noise = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                raster.setSample(x, y, 0, Math.clamp(Math.round(raster.getSample(x, y, 0) + sigma * noise), 0, 255));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
