package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.ExtractTemplateResponse;
import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.ModalityScore;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.server.cli.GroupPhotos;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.fixtures.registry.FaceModelPackage;
import dev.ridgeline.fixtures.registry.NpmPackage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.util.Arrays;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faces through the real service: enrollment rules, search, fusion with fingers, restarts. */
class FaceServiceTest {

    @TempDir
    Path dataDirectory;

    private static List<byte[]> portraits;

    @BeforeAll
    static void fetchPhotosAndModels() throws Exception {
        portraits = Portraits.ofFirstPhoto();
        assertThat(portraits).as("people in the first group photo").hasSize(3);
    }

    private static Sample face(byte[] image) {
        return Sample.newBuilder().setModality(Modality.FACE)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(image))).build();
    }

    private static void enroll(ServerHarness harness, String id, Sample... samples) {
        harness.subjects().enroll(EnrollRequest.newBuilder().setGallery("pr-cards").setSubjectId(id)
                .addAllSamples(List.of(samples)).build());
    }

    private static IdentifyResponse identify(ServerHarness harness, Sample... probe) {
        return harness.matching().identify(IdentifyRequest.newBuilder().setGallery("pr-cards")
                .addAllProbe(List.of(probe)).setIncludeNonMatches(true).build());
    }

    private static VerifyResponse verify(ServerHarness harness, String id, Sample... probe) {
        return harness.matching().verify(VerifyRequest.newBuilder().addAllProbe(List.of(probe))
                .setSubject(SubjectRef.newBuilder().setGallery("pr-cards").setSubjectId(id)).build());
    }

    private static double faceScore(VerifyResponse response) {
        return response.getScoresList().stream().filter(s -> s.getModality() == Modality.FACE)
                .findFirst().orElseThrow().getScore();
    }

    private static void assertRefused(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }

    @Test
    void enrolledFacesAreFoundAfterARestartAndStrangersAreNot() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            assertThat(ServerInfoGrpc.newBlockingStub(harness.channel()).getVersion(GetVersionRequest.getDefaultInstance())
                    .getFacesAvailable()).isTrue();
            harness.createGallery("pr-cards");
            enroll(harness, "traveller-a", face(portraits.get(0)));
            enroll(harness, "traveller-b", face(portraits.get(1)));

            harness.restart();

            IdentifyResponse found = identify(harness, face(GroupPhotos.altered(portraits.get(1))));
            assertThat(found.getCandidates(0).getSubjectId()).isEqualTo("traveller-b");
            assertThat(found.getCandidates(0).getDecision().getMatch()).isTrue();
            assertThat(found.getCandidates(0).getScores(0).getModality()).isEqualTo(Modality.FACE);
            assertThat(found.getCandidates(1).getDecision().getMatch()).as("the other traveller").isFalse();

            IdentifyResponse stranger = identify(harness, face(portraits.get(2)));
            assertThat(stranger.getCandidatesList()).noneMatch(c -> c.getDecision().getMatch());
        }
    }

    /** ICAO 9303 DG2 stores the chip's face as JPEG 2000: a chip photo enrolls, and a live JPEG verifies against it. */
    @Test
    void jpeg2000ChipPhotosEnrollAndVerify() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            harness.createGallery("pr-cards");
            byte[] chipPhoto = jpeg2000(portraits.get(0));
            assertThat(Arrays.copyOfRange(chipPhoto, 4, 8)).as("a JP2 signature box").isEqualTo("jP  ".getBytes());
            enroll(harness, "dg2-holder", face(chipPhoto));

            assertThat(verify(harness, "dg2-holder", face(GroupPhotos.altered(portraits.get(0)))).getDecision().getMatch())
                    .isTrue();
            assertThat(verify(harness, "dg2-holder", face(jpeg2000(portraits.get(1)))).getDecision().getMatch())
                    .as("another traveller's chip photo").isFalse();
        }
    }

    private static byte[] jpeg2000(byte[] photo) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(ImageIO.read(new ByteArrayInputStream(photo)), "jpeg2000", out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void withoutItsModelsTheServiceServesFingersAndNamesTheMissingOrAlteredFile(@TempDir Path models) throws Exception {
        EngineConfig defaults = EngineConfig.defaults(dataDirectory);
        try (ServerHarness harness = new ServerHarness(withModels(defaults, models))) {
            harness.createGallery("pr-cards");
            assertRefused(() -> enroll(harness, "x", face(portraits.get(0))), Status.Code.FAILED_PRECONDITION,
                    "model/fr_detect.onnx is missing");
            enroll(harness, "finger-only", GeneratedFingers.sample(50, 0));
        }
        Path installed = FaceModelPackage.PACKAGE.directoryUnder(NpmPackage.defaultCacheRoot());
        for (String file : FaceModelPackage.PACKAGE.files().keySet()) {
            Files.createDirectories(models.resolve(file).getParent());
            Files.copy(installed.resolve(file), models.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] altered = Files.readAllBytes(models.resolve(FaceModelPackage.EMBEDDING));
        altered[altered.length / 2] ^= 1;
        Files.write(models.resolve(FaceModelPackage.EMBEDDING), altered);
        try (ServerHarness harness = new ServerHarness(withModels(defaults, models))) {
            assertRefused(() -> enroll(harness, "y", face(portraits.get(0))), Status.Code.FAILED_PRECONDITION,
                    "model/fr_feature.onnx is altered");
        }
    }

    private static EngineConfig withModels(EngineConfig config, Path models) {
        return new EngineConfig(config.dataDirectory(), config.defaultShards(), config.searchThreads(),
                config.imageLimits(), config.minimumMinutiae(), config.faces().withModelDirectory(models),
                config.storeKeys());
    }

    @Test
    void enrollmentNeedsExactlyOneGoodFaceAndSaysWhyNot() throws Exception {
        byte[] group = Portraits.groupPhoto();
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            harness.createGallery("pr-cards");
            assertRefused(() -> enroll(harness, "x", face(GeneratedFingers.png(1, 0))), Status.Code.INVALID_ARGUMENT,
                    "no face");
            assertRefused(() -> enroll(harness, "x", face(group)), Status.Code.INVALID_ARGUMENT,
                    "3 faces found");
            assertRefused(() -> enroll(harness, "x", face(GroupPhotos.scaled(portraits.get(0), 0.12))),
                    Status.Code.INVALID_ARGUMENT, "face too small");
            assertRefused(() -> enroll(harness, "x", face(portraits.get(0)), face(portraits.get(1))),
                    Status.Code.INVALID_ARGUMENT, "at most one face");
            assertRefused(() -> identify(harness, face(GeneratedFingers.png(1, 0))), Status.Code.INVALID_ARGUMENT,
                    "no face");

            // A booth photo with several people verifies its largest face.
            enroll(harness, "largest", face(portraits.get(0)));
            assertThat(verify(harness, "largest", face(group)).getDecision().getMatch()).isTrue();
        }
    }

    @Test
    void faceAndFingersFuseAndACardTemplateFitsInOneKilobyte() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            harness.createGallery("pr-cards");
            enroll(harness, "holder", face(portraits.get(0)), GeneratedFingers.sample(40, 0));
            enroll(harness, "other", face(portraits.get(1)), GeneratedFingers.sample(41, 0));

            VerifyResponse both = verify(harness, "holder", face(GroupPhotos.altered(portraits.get(0))),
                    GeneratedFingers.sample(40, 1));
            assertThat(both.getScoresList()).extracting(ModalityScore::getModality)
                    .containsExactlyInAnyOrder(Modality.FACE, Modality.FINGERPRINT);
            assertThat(both.getDecision().getMatch()).isTrue();
            assertThat(both.getDecision().getThreshold()).as("fused threshold = -log10(target FMR)")
                    .isCloseTo(-Math.log10(both.getDecision().getTargetFmr()), org.assertj.core.data.Offset.offset(1e-9));
            VerifyResponse faceAlone = verify(harness, "holder", face(GroupPhotos.altered(portraits.get(0))));
            assertThat(faceAlone.getScoresList()).singleElement()
                    .satisfies(s -> assertThat(s.getModality()).isEqualTo(Modality.FACE));
            assertThat(faceAlone.getDecision().getMatch()).isTrue();

            // A stranger's face and finger against "other": neither modality brings evidence.
            VerifyResponse stranger = verify(harness, "other", face(portraits.get(2)), GeneratedFingers.sample(42, 1));
            assertThat(stranger.getDecision().getMatch()).isFalse();
            // The holder's finger with a stranger's face: the face brings no evidence, so the fused
            // score falls below the genuine pair's, and the per-modality scores show the disagreement.
            VerifyResponse conflicting = verify(harness, "holder", face(portraits.get(2)), GeneratedFingers.sample(40, 1));
            assertThat(conflicting.getDecision().getScore()).isLessThan(both.getDecision().getScore());
            assertThat(faceScore(conflicting)).isLessThan(faceScore(both) - 0.3);

            ExtractTemplateResponse card = harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                    .setSample(face(portraits.get(0))).build());
            assertThat(card.getTemplate().size()).isLessThanOrEqualTo(1024);
            assertThat(card.getInfo().getModality()).isEqualTo(Modality.FACE);
            assertThat(card.getInfo().getQuality()).isBetween(1, 100);
            VerifyResponse cardMatch = harness.matching().verify(VerifyRequest.newBuilder()
                    .addProbe(face(GroupPhotos.altered(portraits.get(0))))
                    .setCard(CardTemplates.newBuilder().addTemplates(card.getTemplate())).build());
            assertThat(cardMatch.getDecision().getMatch()).isTrue();
            VerifyResponse cardStranger = harness.matching().verify(VerifyRequest.newBuilder()
                    .addProbe(face(portraits.get(2)))
                    .setCard(CardTemplates.newBuilder().addTemplates(card.getTemplate())).build());
            assertThat(cardStranger.getDecision().getMatch()).isFalse();
        }
    }
}
