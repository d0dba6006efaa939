package dev.ridgeline.server.cli;

import dev.ridgeline.api.v1.GetVettingRequest;
import dev.ridgeline.api.v1.VettingGrpc;
import dev.ridgeline.api.v1.VettingRecord;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "vetting", mixinStandardHelpOptions = true,
        description = "The stored vetting of applicants to a programme: outcome, action, hits with their provenance.")
final class PartnersVettingCommand implements Callable<Integer> {

    @Mixin
    ClientOptions.Target target;

    @Option(names = "--gallery", required = true, paramLabel = "GALLERY", description = "The programme's gallery.")
    String gallery;

    @Parameters(arity = "1..*", paramLabel = "SUBJECT", description = "Applicants' subject ids.")
    List<String> subjects;

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = target.channel();
        int missing = 0;
        try {
            VettingGrpc.VettingBlockingStub vetting = VettingGrpc.newBlockingStub(channel);
            for (String subject : subjects) {
                try {
                    VettingRecord record = vetting.getVetting(GetVettingRequest.newBuilder().setGallery(gallery)
                            .setSubjectId(subject).build());
                    PartnersVetCommand.print(record, "(vetted " + Instant.ofEpochSecond(record.getVetted().getSeconds(),
                            record.getVetted().getNanos()) + ")");
                } catch (StatusRuntimeException e) {
                    missing++;
                    System.out.printf("%s: %s: %s%n", subject, e.getStatus().getCode(), e.getStatus().getDescription());
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return missing == 0 ? 0 : 1;
    }
}
