package dev.ridgeline.server;

import static dev.ridgeline.server.security.Role.ENROLL;
import static dev.ridgeline.server.security.Role.OPERATOR;
import static dev.ridgeline.server.security.Role.VERIFY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.DeleteGalleryRequest;
import dev.ridgeline.api.v1.DeleteSubjectRequest;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.GetClusterStatusRequest;
import dev.ridgeline.api.v1.GetVersionRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import dev.ridgeline.api.v1.MatchingGrpc;
import dev.ridgeline.api.v1.ServerInfoGrpc;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.api.v1.UpdateAttributesRequest;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.server.SecuredServer.Principal;
import dev.ridgeline.server.security.AccessPolicy;
import dev.ridgeline.server.security.Role;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every method of the five Ridgeline services and of server reflection (v1 and v1alpha) refuses a call without
 * credentials or with an unknown token (UNAUTHENTICATED) and one from a caller without the needed
 * role (PERMISSION_DENIED), and answers the caller that holds it. The cases are checked against the
 * service descriptors, so a method added to the API without a case here fails this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {

    private static final String GALLERY = "access-test";
    private static final Principal ENROLLER = Principal.withToken("enroller", "CBSA", "*=enroll");
    private static final Principal VERIFIER = Principal.withToken("verifier", "CBSA", "*=verify");
    private static final Principal OPERATOR_ = Principal.withToken("operator", "CBSA", "*=operator");
    private static final Principal GRANTLESS = Principal.withToken("grantless", "CBSA");
    private static final String UNKNOWN_TOKEN = "not-a-known-token";

    /**
     * One call: the roles that may make it (none listed: any authenticated caller) and a request the
     * right caller's call succeeds with. Cases run in this order, so the gallery exists when needed.
     */
    record Case(MethodDescriptor<?, ?> method, Set<Role> accepted, Supplier<Object> request, Status.Code answered) {

        /** A call the right caller's request succeeds with. */
        Case(MethodDescriptor<?, ?> method, Set<Role> accepted, Supplier<Object> request) {
            this(method, accepted, request, Status.Code.OK);
        }
    }

    private final List<Case> cases = List.of(
            new Case(GalleriesGrpc.getCreateGalleryMethod(), Set.of(OPERATOR),
                    () -> CreateGalleryRequest.newBuilder().setName(GALLERY).build()),
            new Case(GalleriesGrpc.getDescribeGalleryMethod(), Set.of(OPERATOR),
                    () -> DescribeGalleryRequest.newBuilder().setName(GALLERY).build()),
            new Case(GalleriesGrpc.getListGalleriesMethod(), Set.of(), ListGalleriesRequest::getDefaultInstance),
            new Case(SubjectsGrpc.getEnrollMethod(), Set.of(ENROLL), () -> enroll("s1", 1)),
            new Case(SubjectsGrpc.getBulkEnrollMethod(), Set.of(ENROLL), () -> enroll("s2", 2)),
            new Case(SubjectsGrpc.getGetSubjectMethod(), Set.of(ENROLL),
                    () -> GetSubjectRequest.newBuilder().setGallery(GALLERY).setSubjectId("s1").build()),
            new Case(SubjectsGrpc.getUpdateAttributesMethod(), Set.of(ENROLL),
                    () -> UpdateAttributesRequest.newBuilder().setGallery(GALLERY).setSubjectId("s1")
                            .putAttributes("programme", "NEXUS").build()),
            new Case(MatchingGrpc.getVerifyMethod(), Set.of(VERIFY),
                    () -> VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(1, 1))
                            .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId("s1")).build()),
            new Case(MatchingGrpc.getIdentifyMethod(), Set.of(VERIFY),
                    () -> IdentifyRequest.newBuilder().setGallery(GALLERY).addProbe(GeneratedFingers.sample(1, 1)).build()),
            new Case(TemplatesGrpc.getExtractTemplateMethod(), Set.of(ENROLL, VERIFY),
                    () -> ExtractTemplateRequest.newBuilder().setSample(GeneratedFingers.sample(3, 0)).build()),
            new Case(ServerInfoGrpc.getGetVersionMethod(), Set.of(), GetVersionRequest::getDefaultInstance),
            // admitted, then answered that a single node is no cluster member
            new Case(ServerInfoGrpc.getGetClusterStatusMethod(), Set.of(OPERATOR),
                    GetClusterStatusRequest::getDefaultInstance, Status.Code.FAILED_PRECONDITION),
            new Case(SubjectsGrpc.getDeleteSubjectMethod(), Set.of(ENROLL),
                    () -> DeleteSubjectRequest.newBuilder().setGallery(GALLERY).setSubjectId("s2").build()),
            new Case(GalleriesGrpc.getDeleteGalleryMethod(), Set.of(OPERATOR),
                    () -> DeleteGalleryRequest.newBuilder().setName(GALLERY).build()),
            new Case(ServerReflectionGrpc.getServerReflectionInfoMethod(), Set.of(OPERATOR),
                    () -> ServerReflectionRequest.newBuilder().setListServices("*").build()),
            new Case(io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServerReflectionInfoMethod(), Set.of(OPERATOR),
                    () -> io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("*").build()));

    private SecuredServer server;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new SecuredServer(directory, null, ENROLLER, VERIFIER, OPERATOR_, GRANTLESS);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void everyMethodOfTheApiHasACaseAndARule() {
        List<String> api = Stream.of(TemplatesGrpc.getServiceDescriptor(), GalleriesGrpc.getServiceDescriptor(),
                        SubjectsGrpc.getServiceDescriptor(), MatchingGrpc.getServiceDescriptor(),
                        ServerInfoGrpc.getServiceDescriptor(), ServerReflectionGrpc.getServiceDescriptor(),
                        io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods)
                .flatMap(java.util.Collection::stream)
                .map(MethodDescriptor::getFullMethodName)
                .toList();
        assertThat(cases).extracting(c -> c.method().getFullMethodName()).containsExactlyInAnyOrderElementsOf(api);
        assertThat(new AccessPolicy().methods()).containsAll(api);
    }

    @TestFactory
    Stream<DynamicTest> everyMethodRefusesMissingAndWrongCredentialsAndAcceptsTheRightRole() {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.method().getBareMethodName(), () -> check(c)));
    }

    private void check(Case c) throws Exception {
        Status missing = call(server.connect(), c);
        assertThat(missing.getCode()).as("no credentials").isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(missing.getDescription()).contains("no credentials");

        Status unknown = call(server.connect("--token", UNKNOWN_TOKEN), c);
        assertThat(unknown.getCode()).as("unknown token").isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(unknown.getDescription()).contains("not in the access file").doesNotContain(UNKNOWN_TOKEN);

        Principal right;
        if (c.accepted().isEmpty()) {
            right = GRANTLESS; // any authenticated caller, even one without grants
        } else {
            Set<Role> others = EnumSet.complementOf(EnumSet.copyOf(c.accepted()));
            for (Role role : others) {
                Status wrong = call(server.as(holderOf(role)), c);
                assertThat(wrong.getCode()).as("caller with only the " + role.label() + " role")
                        .isEqualTo(Status.Code.PERMISSION_DENIED);
                c.accepted().forEach(needed -> assertThat(wrong.getDescription()).contains(needed.label()));
            }
            right = holderOf(c.accepted().iterator().next());
        }
        Status accepted = call(server.as(right), c);
        assertThat(accepted.getCode()).as("caller " + right.name() + ": " + accepted.getDescription())
                .isEqualTo(c.answered());
    }

    @Test
    void healthStaysOpenForLoadBalancers() {
        assertThat(HealthGrpc.newBlockingStub(server.connect()).check(HealthCheckRequest.getDefaultInstance())
                .getStatus().name()).isEqualTo("SERVING");
    }

    private static Principal holderOf(Role role) {
        return switch (role) {
            case ENROLL -> ENROLLER;
            case VERIFY -> VERIFIER;
            case OPERATOR -> OPERATOR_;
        };
    }

    private static EnrollRequest enroll(String subject, int finger) {
        return EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId(subject)
                .addSamples(GeneratedFingers.sample(finger, 0)).build();
    }

    /** Makes the call whatever its kind (unary, client or bidi streaming) with one request message; returns how it closed. */
    @SuppressWarnings("unchecked")
    private static Status call(Channel channel, Case c) throws Exception {
        ClientCall<Object, Object> call = channel.newCall((MethodDescriptor<Object, Object>) c.method(),
                CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(Integer.MAX_VALUE);
        call.sendMessage(c.request().get());
        call.halfClose();
        return closed.get(60, TimeUnit.SECONDS);
    }
}
