package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import io.grpc.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One unary call a booth client makes; says whether the service decided a match. */
@FunctionalInterface
interface BoothCall {

    /** A call stuck this long is counted as DEADLINE_EXCEEDED instead of hanging the run. */
    long DEADLINE_SECONDS = 60;

    boolean call(Probe probe);

    /** The full gRPC method name, as the service's call timer labels it. */
    static String method(Operation operation) {
        return switch (operation) {
            case VERIFY -> MatchingGrpc.getVerifyMethod().getFullMethodName();
            case IDENTIFY -> MatchingGrpc.getIdentifyMethod().getFullMethodName();
            case ENROLL -> SubjectsGrpc.getEnrollMethod().getFullMethodName();
        };
    }

    /**
     * A call for one client thread. Verify claims the probe's mate (the booth path: probe against a
     * subject id); identify searches the gallery; enroll adds the probe as a new subject under an id
     * no other call or run uses.
     */
    static BoothCall of(Operation operation, Channel channel, String gallery, String runId, AtomicLong enrolled) {
        return switch (operation) {
            case VERIFY -> {
                MatchingGrpc.MatchingBlockingStub matching = MatchingGrpc.newBlockingStub(channel);
                yield probe -> matching.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .verify(VerifyRequest.newBuilder()
                                .addProbe(probe.sample())
                                .setSubject(SubjectRef.newBuilder().setGallery(gallery).setSubjectId(probe.mateId()))
                                .build())
                        .getDecision().getMatch();
            }
            case IDENTIFY -> identify(channel, gallery, false, DEADLINE_SECONDS);
            case ENROLL -> {
                SubjectsGrpc.SubjectsBlockingStub subjects = SubjectsGrpc.newBlockingStub(channel);
                yield probe -> {
                    subjects.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                            .enroll(EnrollRequest.newBuilder()
                                    .setGallery(gallery)
                                    .setSubjectId("enroll-" + runId + "-" + enrolled.incrementAndGet())
                                    .addSamples(probe.sample())
                                    .build());
                    return true;
                };
            }
        };
    }

    /** Identify over the whole gallery; {@code exhaustive} scores every candidate exactly (the reference search). */
    static BoothCall identify(Channel channel, String gallery, boolean exhaustive, long deadlineSeconds) {
        MatchingGrpc.MatchingBlockingStub matching = MatchingGrpc.newBlockingStub(channel);
        return probe -> matching.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                .identify(IdentifyRequest.newBuilder().setGallery(gallery).addProbe(probe.sample())
                        .setExhaustive(exhaustive).build())
                .getCandidatesList().stream().anyMatch(c -> c.getDecision().getMatch());
    }
}
