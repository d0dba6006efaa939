package dev.ridgeline.server.cli;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.ModalityScore;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.engine.face.onnx.OpenCvFaceModel;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.fixtures.registry.FacePhotos;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** The demo's face part: three people cut from a group photo, enrolled with a finger each. */
final class FaceDemo {

    private static final String GALLERY = "demo-faces";
    /** Generated fingers for the face subjects, clear of the fingerprint travellers' fingers. */
    private static final int FIRST_FINGER = 900;

    private final ManagedChannel channel;
    private final Path models;
    private final BiFunction<Integer, Integer, Sample> finger;

    FaceDemo(ManagedChannel channel, Path models, BiFunction<Integer, Integer, Sample> finger) {
        this.channel = channel;
        this.models = models;
        this.finger = finger;
    }

    private static Sample face(byte[] image) {
        return Sample.newBuilder().setModality(Modality.FACE)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(image))).build();
    }

    private static String id(int person) {
        return "P" + (person + 1);
    }

    void run() throws Exception {
        byte[] group = Files.readAllBytes(FacePhotos.fetch().getFirst());
        List<byte[]> people;
        try (OpenCvFaceModel model = OpenCvFaceModel.open(models, ImageLimits.DEFAULT)) {
            people = GroupPhotos.portraits(group, model);
        }
        System.out.printf("%n-- faces: %d people cut from a group photo, each enrolled with a face and a finger%n",
                people.size());
        EnrollCommand.createGalleryIfMissing(channel, GALLERY);
        for (int person = 0; person < people.size(); person++) {
            try {
                SubjectsGrpc.newBlockingStub(channel).enroll(EnrollRequest.newBuilder()
                        .setGallery(GALLERY).setSubjectId(id(person))
                        .addSamples(face(people.get(person)))
                        .addSamples(finger.apply(FIRST_FINGER + person, 0))
                        .build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
        MatchingGrpc.MatchingBlockingStub matching = MatchingGrpc.newBlockingStub(channel);
        byte[] secondCapture = GroupPhotos.altered(people.getFirst());
        System.out.println("a second capture of P1: mirrored, 30% darker, JPEG quality 40");
        show("face only, P1 claims P1", matching.verify(verify(0, face(secondCapture))));
        show("face only, P1 claims P2", matching.verify(verify(1, face(secondCapture))));
        show("face + finger, P1 claims P1", matching.verify(verify(0, face(secondCapture),
                finger.apply(FIRST_FINGER, 1))));
        show("face + finger, P1 claims P2", matching.verify(verify(1, face(secondCapture),
                finger.apply(FIRST_FINGER, 1))));

        IdentifyResponse search = matching.identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(face(group)).setMaxResults(3).build());
        Candidate best = search.getCandidatesCount() == 0 ? null : search.getCandidates(0);
        System.out.printf("identify with the whole group photo (its largest face counts): %s%n", best == null
                ? "no match" : String.format(Locale.ROOT, "rank 1 %s, cosine %.3f", best.getSubjectId(),
                best.getDecision().getScore()));

        Sample fingerprintAsFace = face(finger.apply(FIRST_FINGER, 0).getImage().getData().toByteArray());
        DemoCommand.showError("fingerprint as a face", () -> matching.identify(IdentifyRequest.newBuilder()
                .setGallery(GALLERY).addProbe(fingerprintAsFace).build()));
        DemoCommand.showError("group photo to enroll", () -> SubjectsGrpc.newBlockingStub(channel).enroll(
                EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("P9").addSamples(face(group)).build()));
    }

    private static VerifyRequest verify(int claimed, Sample... probe) {
        return VerifyRequest.newBuilder().addAllProbe(List.of(probe))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId(id(claimed))).build();
    }

    private static void show(String what, VerifyResponse response) {
        String scores = response.getScoresList().stream()
                .map(FaceDemo::describe)
                .collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "%-30s %-8s score %7.3f  threshold %.3f at FMR %.0e  (%s)%n", what,
                response.getDecision().getMatch() ? "MATCH" : "NO MATCH", response.getDecision().getScore(),
                response.getDecision().getThreshold(), response.getDecision().getTargetFmr(), scores);
    }

    private static String describe(ModalityScore score) {
        return score.getModality() == Modality.FACE
                ? String.format(Locale.ROOT, "face cosine %.3f", score.getScore())
                : String.format(Locale.ROOT, "finger %.1f", score.getScore());
    }
}
