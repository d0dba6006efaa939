package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.VerifyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the bad-input suites check after every refusal. */
final class GrpcAssertions {

    private GrpcAssertions() {
    }

    /** The call fails with this status and a message naming the cause. */
    static void assertStatus(ThrowingCallable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }

    /** The server is healthy and still verifies an enrolled subject with another impression of its finger. */
    static void assertStillServes(ServerHarness harness, String gallery, String subjectId, int finger, int impression) {
        assertThat(HealthGrpc.newBlockingStub(harness.channel()).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(finger, impression))
                .setSubject(SubjectRef.newBuilder().setGallery(gallery).setSubjectId(subjectId)).build())
                .getDecision().getMatch()).isTrue();
    }
}
