package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.EnrollResponse;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.SubjectsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {
            "Enroll fingerprints or faces into a gallery of a running service.",
            "A single image needs --subject. Folders hold FVC-named images NNN_K.ext (subject NNN, impression K);"
                    + " the chosen impressions of one subject are enrolled together. A manifest is a CSV file with a"
                    + " header naming subject_id and image, and optionally finger_position, dpi, programme,"
                    + " document_type, issuing_country and status; image paths are relative to the manifest."})
final class EnrollCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Image files or folders of FVC-named images.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--manifest", description = "CSV manifest of images to enroll.")
    Path manifest;

    @Option(names = "--nist", paramLabel = "FILE|DIR",
            description = "ANSI/NIST-ITL transaction files (a folder: its .an2, .nist, .eft and .int files): one subject"
                    + " per file, named by its TCN (1.009), with its Type-4/14 fingers and Type-10 face.")
    Path nist;

    @Option(names = "--subject", description = "Subject id for a single image.")
    String subjectId;

    @Option(names = "--modality", defaultValue = "fingerprint",
            description = "What the PATH images are: fingerprint or face (default: ${DEFAULT-VALUE}).")
    Modality modality;

    @Option(names = "--face", paramLabel = "PHOTO",
            description = "A face photo enrolled with the single --subject image (one face per subject).")
    Path face;

    @Option(names = "--position", defaultValue = "0", description = "Finger position 1-10 (0 = unknown, the default).")
    int position;

    @Option(names = "--dpi", defaultValue = "500", description = "Scan resolution (default: ${DEFAULT-VALUE}).")
    int dpi;

    @Option(names = "--impressions", defaultValue = "all",
            description = "Impressions to take from FVC folders: K, FROM-TO or all (default: ${DEFAULT-VALUE}).")
    String impressions;

    @Option(names = "--attribute", paramLabel = "KEY=VALUE",
            description = "Attribute for every subject: programme, document_type, issuing_country or status.")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--create-gallery", description = "Create the gallery first if it does not exist.")
    boolean createGallery;

    @Option(names = "--check-duplicates", description = "Refuse a subject whose fingers match someone already enrolled.")
    boolean checkDuplicates;

    @Override
    public Integer call() throws Exception {
        List<EnrollRequest> requests = requests();
        if (requests.isEmpty()) {
            System.err.println("nothing to enroll: give an image with --subject, FVC-named folders, --manifest or --nist");
            return 2;
        }
        ManagedChannel channel = client.channel();
        try {
            if (createGallery) {
                createGalleryIfMissing(channel, client.gallery);
            }
            return requests.size() == 1 ? enrollOne(channel, requests.get(0)) : enrollAll(channel, requests);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private List<EnrollRequest> requests() throws Exception {
        if (face != null && subjectId == null) {
            throw new IllegalArgumentException("--face goes with a single image and its --subject");
        }
        List<EnrollRequest> requests = new ArrayList<>();
        if (nist != null) {
            for (Path file : NistTransactions.files(nist)) {
                NistTransactions.Transaction transaction = NistTransactions.read(file);
                requests.add(request(transaction.subjectId(), attributes).addAllSamples(transaction.samples()).build());
            }
        }
        if (manifest != null) {
            for (ManifestReader.Entry entry : ManifestReader.read(manifest)) {
                Map<String, String> merged = new LinkedHashMap<>(attributes);
                merged.putAll(entry.attributes());
                requests.add(request(entry.subjectId(), merged)
                        .addAllSamples(entry.images().stream()
                                .map(i -> ImageFiles.sample(i.path(), Modality.FINGERPRINT, i.position(),
                                        i.dpi() == 0 ? dpi : i.dpi()))
                                .toList())
                        .build());
            }
        }
        List<ImageFiles.ImageFile> files = ImageFiles.collect(paths, ImageFiles.ImpressionRange.parse(impressions));
        if (subjectId != null) {
            if (files.size() != 1) {
                throw new IllegalArgumentException("--subject takes exactly one image, got " + files.size());
            }
            EnrollRequest.Builder request = request(subjectId, attributes)
                    .addSamples(files.get(0).sample(modality, position, dpi));
            if (face != null) {
                request.addSamples(ImageFiles.sample(face, Modality.FACE, 0, 0));
            }
            requests.add(request.build());
            return requests;
        }
        for (var subject : ImageFiles.bySubject(files).entrySet()) {
            if (subject.getKey() == null) {
                throw new IllegalArgumentException("image " + subject.getValue().get(0).path()
                        + " is not named NNN_K.ext: give its subject with --subject");
            }
            requests.add(request(subject.getKey(), attributes)
                    .addAllSamples(subject.getValue().stream().map(f -> f.sample(modality, position, dpi)).toList())
                    .build());
        }
        return requests;
    }

    private EnrollRequest.Builder request(String id, Map<String, String> subjectAttributes) {
        return EnrollRequest.newBuilder()
                .setGallery(client.gallery)
                .setSubjectId(id)
                .putAllAttributes(subjectAttributes)
                .setCheckDuplicates(checkDuplicates);
    }

    static void createGalleryIfMissing(ManagedChannel channel, String gallery) {
        try {
            GalleriesGrpc.newBlockingStub(channel).createGallery(CreateGalleryRequest.newBuilder().setName(gallery).build());
            System.out.println("created gallery " + gallery);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    private int enrollOne(ManagedChannel channel, EnrollRequest request) {
        try {
            EnrollResponse response = SubjectsGrpc.newBlockingStub(channel).enroll(request);
            System.out.printf("enrolled %s in %s with %d template(s)%n", response.getSubject().getSubjectId(),
                    client.gallery, response.getSubject().getTemplatesCount());
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println("enrollment failed: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            return 1;
        }
    }

    private int enrollAll(ManagedChannel channel, List<EnrollRequest> requests) throws Exception {
        long started = System.nanoTime();
        BulkEnrollResults response = BulkEnrollClient.enroll(channel, requests);
        for (BulkEnrollResult result : response.results()) {
            if (result.getCode() != 0) {
                System.err.printf("  %s: %s: %s%n", result.getSubjectId(), Status.fromCodeValue(result.getCode()).getCode(),
                        result.getMessage());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("enrolled %d subjects into %s, %d failed, in %.1f s (%.1f subjects/s)%n",
                response.enrolled(), client.gallery, response.failed(), seconds, response.enrolled() / seconds);
        return response.failed() == 0 ? 0 : 1;
    }
}
