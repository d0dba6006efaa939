package dev.ridgeline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.Subject;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import dev.ridgeline.fixtures.nist.NistFileWriter;
import dev.ridgeline.fixtures.wsq.WsqEncoder;
import dev.ridgeline.server.grpc.RidgelineServer;
import io.grpc.ManagedChannel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ANSI/NIST-ITL transactions the project writes are read into enrollments and enrolled over gRPC. */
class NistIngestTest {

    private static final SyntheticFingerprints FINGERS = new SyntheticFingerprints(2011L);

    @TempDir
    Path work;

    private static BufferedImage finger(int finger, int impression) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(FINGERS.impressionPng(finger, impression)));
    }

    private static byte[] raw(BufferedImage grey) {
        byte[] pixels = new byte[grey.getWidth() * grey.getHeight()];
        grey.getRaster().getDataElements(0, 0, grey.getWidth(), grey.getHeight(), pixels);
        return pixels;
    }

    private static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A transaction with a raw Type-4 right index, a PNG Type-14 right middle and a JPEG 2000 Type-14 left thumb. */
    private Path transaction(String tcn, int firstFinger) throws Exception {
        BufferedImage index = finger(firstFinger, 0);
        BufferedImage middle = finger(firstFinger + 1, 0);
        BufferedImage thumb = finger(firstFinger + 2, 0);
        return write("nist", tcn, new NistFileWriter(tcn)
                .type4(2, index.getWidth(), index.getHeight(), false, raw(index))
                .type14(3, "PNG", middle.getWidth(), middle.getHeight(), 500, encode(middle, "png"))
                .type14(6, "JP2L", thumb.getWidth(), thumb.getHeight(), 500, encode(thumb, "jpeg2000")));
    }

    /** A transaction of WSQ fingers, as agencies send them: a Type-4 right index (compression 1) and a Type-14 right middle (WSQ20). */
    private Path wsqTransaction(String tcn, int firstFinger) throws Exception {
        BufferedImage index = finger(firstFinger, 0);
        BufferedImage middle = finger(firstFinger + 1, 0);
        return write("wsq", tcn, new NistFileWriter(tcn)
                .type4(2, index.getWidth(), index.getHeight(), true, wsq(index))
                .type14(3, "WSQ20", middle.getWidth(), middle.getHeight(), 500, wsq(middle)));
    }

    private static byte[] wsq(BufferedImage finger) {
        return WsqEncoder.encode(finger, 500, WsqEncoder.DEFAULT_BIT_RATE);
    }

    private Path write(String folder, String tcn, NistFileWriter transaction) throws Exception {
        Path path = work.resolve(folder).resolve(tcn + ".an2");
        Files.createDirectories(path.getParent());
        return Files.write(path, transaction.toBytes());
    }

    @Test
    void aTransactionBecomesOneSubjectWithItsFingersAtTheirPositions() throws Exception {
        NistTransactions.Transaction transaction = NistTransactions.read(transaction("TCN-0001", 10));
        byte[] png = encode(finger(11, 0), "png");

        assertThat(transaction.subjectId()).isEqualTo("TCN-0001");
        assertThat(transaction.samples()).extracting(Sample::getFingerPosition).containsExactly(2, 3, 6);
        assertThat(transaction.samples()).allSatisfy(sample -> {
            assertThat(sample.getModality()).isEqualTo(Modality.FINGERPRINT);
            assertThat(sample.getImage().getDpi()).isEqualTo(500);
        });
        // the raw Type-4 raster arrives as a PNG holding exactly its pixels
        BufferedImage sent = ImageIO.read(new ByteArrayInputStream(transaction.samples().getFirst().getImage().getData().toByteArray()));
        assertThat(raw(sent)).isEqualTo(raw(finger(10, 0)));
        // an encoded Type-14 image arrives byte for byte, without the record's separator
        assertThat(transaction.samples().get(1).getImage().getData().toByteArray()).isEqualTo(png);
    }

    @Test
    void aType10FaceBecomesTheSubjectsFaceSample() throws Exception {
        byte[] photo = encode(finger(40, 0), "jpeg"); // the reader passes the JPEG on; the service finds the face
        Path file = Files.write(work.resolve("face.an2"), new NistFileWriter("")
                .type10Face(100, 120, photo).type10Face(100, 120, encode(finger(41, 0), "jpeg")).toBytes());

        NistTransactions.Transaction transaction = NistTransactions.read(file);

        assertThat(transaction.subjectId()).as("no TCN: the file name").isEqualTo("face");
        assertThat(transaction.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.getModality()).isEqualTo(Modality.FACE);
            assertThat(sample.getImage().getData().toByteArray()).isEqualTo(photo);
        });
    }

    @Test
    void enrollNistEnrollsEveryTransactionOfAFolderAndEachFingerIsFound() throws Exception {
        transaction("TCN-0001", 20);
        transaction("TCN-0002", 30);
        Files.writeString(work.resolve("nist").resolve("notes.txt"), "not a transaction");
        try (RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(work.resolve("data")), "127.0.0.1", 0)) {
            server.awaitLoaded();
            int exit = RidgelineCli.commandLine().execute("enroll", "--target", "127.0.0.1:" + server.port(),
                    "--gallery", "tenprints", "--create-gallery", "--nist", work.resolve("nist").toString());
            assertThat(exit).isZero();

            ManagedChannel channel = new ConnectionOptions().channel("127.0.0.1:" + server.port());
            try {
                Subject subject = SubjectsGrpc.newBlockingStub(channel).getSubject(GetSubjectRequest.newBuilder()
                        .setGallery("tenprints").setSubjectId("TCN-0002").build());
                assertThat(subject.getTemplatesList()).extracting(t -> t.getFingerPosition()).containsExactlyInAnyOrder(2, 3, 6);
                // the enrolled images themselves as probes: ingest must have kept every finger intact and in place
                for (int finger : new int[] {20, 21, 22, 30, 31, 32}) {
                    var found = MatchingGrpc.newBlockingStub(channel).identify(IdentifyRequest.newBuilder()
                            .setGallery("tenprints").addProbe(Sample.newBuilder().setModality(Modality.FINGERPRINT)
                                    .setImage(Image.newBuilder().setData(ByteString.copyFrom(FINGERS.impressionPng(finger, 0)))))
                            .build());
                    assertThat(found.getCandidatesList()).as("finger %d", finger).isNotEmpty();
                    assertThat(found.getCandidates(0).getSubjectId()).isEqualTo(finger < 30 ? "TCN-0001" : "TCN-0002");
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void wsqFingersOfType4AndType14AreEnrolledAndVerifyAgainstOtherImpressionsOfTheirFinger() throws Exception {
        Path file = wsqTransaction("TCN-WSQ", 52); // fingers whose impressions 0 and 1 match well (scores 100-190)
        assertThat(NistTransactions.read(file).samples()).allSatisfy(sample ->
                assertThat(sample.getImage().getData().toByteArray()).as("WSQ passes through").startsWith(0xFF, 0xA0));
        try (RidgelineServer server = RidgelineServer.start(EngineConfig.defaults(work.resolve("data")), "127.0.0.1", 0)) {
            server.awaitLoaded();
            int exit = RidgelineCli.commandLine().execute("enroll", "--target", "127.0.0.1:" + server.port(),
                    "--gallery", "tenprints", "--create-gallery", "--nist", file.toString());
            assertThat(exit).isZero();

            ManagedChannel channel = new ConnectionOptions().channel("127.0.0.1:" + server.port());
            try {
                Subject subject = SubjectsGrpc.newBlockingStub(channel).getSubject(GetSubjectRequest.newBuilder()
                        .setGallery("tenprints").setSubjectId("TCN-WSQ").build());
                assertThat(subject.getTemplatesList()).extracting(t -> t.getFingerPosition()).containsExactlyInAnyOrder(2, 3);
                MatchingGrpc.MatchingBlockingStub matching = MatchingGrpc.newBlockingStub(channel);
                for (int finger : new int[] {52, 53}) {
                    assertThat(verifies(matching, "TCN-WSQ", finger, 1)).as("finger %d, a second impression", finger).isTrue();
                }
                for (int finger : new int[] {54, 55}) {
                    assertThat(verifies(matching, "TCN-WSQ", finger, 0)).as("finger %d, not enrolled", finger).isFalse();
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Verify 1:1: the PNG of a finger's impression against an enrolled subject. */
    private static boolean verifies(MatchingGrpc.MatchingBlockingStub matching, String subjectId, int finger, int impression) {
        return matching.verify(VerifyRequest.newBuilder()
                        .setSubject(SubjectRef.newBuilder().setGallery("tenprints").setSubjectId(subjectId))
                        .addProbe(Sample.newBuilder().setModality(Modality.FINGERPRINT)
                                .setImage(Image.newBuilder().setData(ByteString.copyFrom(FINGERS.impressionPng(finger, impression)))))
                        .build())
                .getDecision().getMatch();
    }

    @Test
    void aFileThatIsNoTransactionIsRefusedByName() throws Exception {
        Path junk = Files.writeString(work.resolve("junk.an2"), "1.001:junk");
        assertThatThrownBy(() -> NistTransactions.read(junk)).hasMessageContaining("junk.an2");
    }
}
