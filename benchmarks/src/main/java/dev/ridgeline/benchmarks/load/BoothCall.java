package dev.ridgeline.benchmarks.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One unary call a booth client makes; says whether the service decided a match. It can be made
 * blocking (closed-loop clients, one call at a time each) or started without waiting (open-loop
 * and burst runs, where a call is sent whether or not earlier ones are answered).
 */
interface BoothCall {

    /** A call stuck this long is counted as DEADLINE_EXCEEDED instead of hanging the run. */
    long DEADLINE_SECONDS = 60;

    /** Makes the call and waits for it; a failure throws {@link io.grpc.StatusRuntimeException}. */
    boolean call(Probe probe);

    /** Sends the call and returns at once; a failure completes the future with a {@link io.grpc.StatusRuntimeException}. */
    ListenableFuture<Boolean> start(Probe probe);

    /** The full gRPC method name, as the service's call timer labels it. */
    static String method(Operation operation) {
        return switch (operation) {
            case VERIFY -> MatchingGrpc.getVerifyMethod().getFullMethodName();
            case IDENTIFY -> MatchingGrpc.getIdentifyMethod().getFullMethodName();
            case ENROLL -> SubjectsGrpc.getEnrollMethod().getFullMethodName();
        };
    }

    /**
     * A call for one client. Verify claims the probe's mate (the booth path: probe against a
     * subject id); identify searches the gallery; enroll adds the probe as a new subject under an id
     * no other call or run uses.
     */
    static BoothCall of(Operation operation, Channel channel, String gallery, String runId, AtomicLong enrolled) {
        return switch (operation) {
            case VERIFY -> new Unary<>(channel, MatchingGrpc.getVerifyMethod(), DEADLINE_SECONDS,
                    probe -> VerifyRequest.newBuilder()
                            .addProbe(probe.sample())
                            .setSubject(SubjectRef.newBuilder().setGallery(gallery).setSubjectId(probe.mateId()))
                            .build(),
                    response -> response.getDecision().getMatch());
            case IDENTIFY -> identify(channel, gallery, false, DEADLINE_SECONDS);
            case ENROLL -> new Unary<>(channel, SubjectsGrpc.getEnrollMethod(), DEADLINE_SECONDS,
                    probe -> EnrollRequest.newBuilder()
                            .setGallery(gallery)
                            .setSubjectId("enroll-" + runId + "-" + enrolled.incrementAndGet())
                            .addSamples(probe.sample())
                            .build(),
                    response -> true);
        };
    }

    /** Identify over the whole gallery; {@code exhaustive} scores every candidate exactly (the reference search). */
    static BoothCall identify(Channel channel, String gallery, boolean exhaustive, long deadlineSeconds) {
        return new Unary<>(channel, MatchingGrpc.getIdentifyMethod(), deadlineSeconds,
                probe -> IdentifyRequest.newBuilder().setGallery(gallery).addProbe(probe.sample())
                        .setExhaustive(exhaustive).build(),
                (IdentifyResponse response) -> response.getCandidatesList().stream()
                        .anyMatch(c -> c.getDecision().getMatch()));
    }

    /**
     * A unary method with the request a probe makes and the match its response says; the same
     * {@link ClientCalls} a generated blocking or future stub delegates to, so both ways of calling
     * send the same request.
     */
    record Unary<Q, R>(Channel channel, MethodDescriptor<Q, R> method, long deadlineSeconds,
                       Function<Probe, Q> request, Predicate<R> match) implements BoothCall {

        @Override
        public boolean call(Probe probe) {
            return match.test(ClientCalls.blockingUnaryCall(channel, method, options(), request.apply(probe)));
        }

        @Override
        public ListenableFuture<Boolean> start(Probe probe) {
            ListenableFuture<R> response = ClientCalls.futureUnaryCall(channel.newCall(method, options()),
                    request.apply(probe));
            return Futures.transform(response, match::test, MoreExecutors.directExecutor());
        }

        /** The deadline counts from each call's start. */
        private CallOptions options() {
            return CallOptions.DEFAULT.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
        }
    }
}
