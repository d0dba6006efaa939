package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.VettedEnrollRequest;
import dev.ridgeline.api.v1.VettedEnrollResponse;
import dev.ridgeline.api.v1.VettingGrpc;
import dev.ridgeline.api.v1.VettingRecord;
import io.grpc.ManagedChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "vet", mixinStandardHelpOptions = true,
        description = {"Enroll applicants into a joint programme, vetted here and at partners (docs/FEDERATION.md).",
            "Each image is one applicant: its FVC subject (NNN of NNN_K.png), its file name, or --subject."})
final class PartnersVetCommand implements Callable<Integer> {

    @Mixin
    ClientOptions.Target target;

    @Mixin
    ProbeOptions probeOptions;

    @Option(names = "--programme", required = true, description = "The programme, as the service's programme file names it.")
    String programme;

    @Option(names = "--gallery", paramLabel = "GALLERY", description = "The programme's gallery (default: the programme's name).")
    String gallery;

    @Option(names = "--subject", description = "Subject id, for a single image.")
    String subject;

    @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "Attribute of every applicant (not status).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Mixin
    PartnerCalls partnerCalls;

    @Override
    public Integer call() throws Exception {
        List<ImageFiles.ImageFile> applicants = probeOptions.probes();
        if (subject != null && applicants.size() != 1) {
            throw new IllegalArgumentException("--subject names the applicant of a single image, not " + applicants.size());
        }
        ManagedChannel channel = target.channel();
        try {
            VettingGrpc.VettingBlockingStub vetting = VettingGrpc.newBlockingStub(channel);
            return PartnerCalls.failures(applicants, this::subjectId, (applicant, started) -> {
                VettedEnrollResponse response = vetting.vettedEnroll(VettedEnrollRequest.newBuilder()
                        .setProgramme(programme)
                        .setEnrollment(EnrollRequest.newBuilder()
                                .setGallery(gallery == null ? programme : gallery)
                                .setSubjectId(subjectId(applicant))
                                .addAllSamples(probeOptions.samples(applicant))
                                .putAllAttributes(attributes))
                        .setPartnerDeadlineMs(partnerCalls.partnerDeadlineMillis)
                        .build());
                VettingRecord record = response.getVetting();
                print(record, String.format(Locale.ROOT, "(%.1f ms)", PartnerCalls.millisSince(started)));
                return response.hasSubject() && record.getEnrolledIn().equals(record.getGallery());
            }) == 0 ? 0 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private String subjectId(ImageFiles.ImageFile applicant) {
        return subject != null ? subject : applicant.subjectId() != null ? applicant.subjectId()
                : applicant.path().getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }

    /** A vetting: its outcome, what it did, the hits with where they were found, and the partners that did not answer. */
    static void print(VettingRecord record, String note) {
        System.out.printf("%s: %s %s%s, correlation id %s %s%n", record.getSubjectId(), record.getOutcome(),
                record.getAction(), record.getEnrolledIn().isEmpty() ? "" : " in " + record.getEnrolledIn(),
                record.getCorrelationId(), note);
        record.getHitsList().forEach(hit -> System.out.println(PartnersCommand.hitLine(hit)));
        record.getPartnersUnavailableList().forEach(partner -> System.out.println(PartnersCommand.unavailableLine(partner)));
    }
}
