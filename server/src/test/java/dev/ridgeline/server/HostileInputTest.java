package dev.ridgeline.server;

import static dev.ridgeline.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.Clause;
import dev.ridgeline.api.v1.DescribeGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.Filter;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.GalleryInfo;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.ListGalleriesRequest;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.fixtures.hostile.HostileImages;
import dev.ridgeline.fixtures.wsq.WsqEncoder;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.limits.ServiceLimits;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker, or a broken client, would send: corrupted images in every format, images
 * declaring gigapixels, empty ones, bytes that are no protobuf message, oversized messages and
 * fields, unknown enum values, and more calls than a client may hold. Each gets its precise status,
 * and afterwards the server still answers correctly with its gallery unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final String GALLERY = "lookout";
    private static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    private static final int MAX_CALLS_PER_CLIENT = 4;
    private static final int MAX_BULK_ITEMS = 100;
    private static final int MUTATIONS_PER_FORMAT = 40;
    /** Statuses a hostile image may get: never INTERNAL or UNKNOWN, which would mean an unhandled failure. */
    private static final Set<Status.Code> IMAGE_ANSWERS = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED);

    @TempDir
    static Path dataDirectory;
    private ServerHarness harness;
    private GalleryInfo before;

    @BeforeAll
    void enrollOneSubject() throws Exception {
        harness = new ServerHarness(EngineConfig.defaults(dataDirectory),
                new ServiceLimits(MAX_MESSAGE_BYTES, MAX_BULK_ITEMS, MAX_CALLS_PER_CLIENT, 64,
                        ServiceLimits.DEFAULT.workThreads(), ServiceLimits.DEFAULT.boothLanes(),
                        ServiceLimits.DEFAULT.bulkThreads()));
        harness.createGallery(GALLERY);
        harness.enroll(GALLERY, "W1", 400, 0);
        before = describe();
    }

    @AfterEach
    void galleryIsUnchangedAndTheServerStillAnswersCorrectly() {
        assertThat(describe()).isEqualTo(before);
        GrpcAssertions.assertStillServes(harness, GALLERY, "W1", 400, 1);
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    private GalleryInfo describe() {
        return harness.galleries().describeGallery(DescribeGalleryRequest.newBuilder().setName(GALLERY).build());
    }


    private static Sample fingerImage(byte[] bytes) {
        return Sample.newBuilder().setModality(Modality.FINGERPRINT)
                .setImage(Image.newBuilder().setData(ByteString.copyFrom(bytes))).build();
    }

    private Status.Code extractStatus(byte[] image) {
        try {
            harness.templates().withDeadlineAfter(60, TimeUnit.SECONDS)
                    .extractTemplate(ExtractTemplateRequest.newBuilder().setSample(fingerImage(image)).build());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** The generated finger in each format the service reads. */
    private static Map<String, byte[]> validImages() throws IOException {
        byte[] png = GeneratedFingers.png(401, 0);
        BufferedImage finger = ImageIO.read(new ByteArrayInputStream(png));
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("png", png);
        for (String format : new String[] {"jpeg", "jpeg2000", "tiff", "bmp"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(finger, format, out)).isTrue();
            images.put(format, out.toByteArray());
        }
        images.put("wsq", WsqEncoder.encode(finger, 500, WsqEncoder.DEFAULT_BIT_RATE));
        return images;
    }

    @Test
    void corruptedImagesInEveryFormatGetAClearRefusal() throws Exception {
        Map<String, Map<Status.Code, Integer>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> valid : validImages().entrySet()) {
            Map<Status.Code, Integer> counts = new EnumMap<>(Status.Code.class);
            for (int seed = 0; seed < MUTATIONS_PER_FORMAT; seed++) {
                byte[] corrupted = HostileImages.corrupt(valid.getValue(), seed * 31L + valid.getKey().hashCode());
                counts.merge(extractStatus(corrupted), 1, Integer::sum);
            }
            answers.put(valid.getKey(), counts);
        }
        System.out.println("corrupted images, statuses per format: " + answers);
        assertThat(answers.values()).allSatisfy(counts -> assertThat(counts.keySet()).isSubsetOf(IMAGE_ANSWERS));
        // the corruptions must really be hostile: most of them are refused
        assertThat(answers.values()).allSatisfy(counts ->
                assertThat(counts.getOrDefault(Status.Code.OK, 0)).isLessThan(MUTATIONS_PER_FORMAT));
    }

    @Test
    void decompressionBombsAreRefusedNamingThePixelLimit() {
        Map<String, byte[]> bombs = new LinkedHashMap<>();
        bombs.put("png", HostileImages.pngDeclaring(60_000, 60_000));
        bombs.put("jpeg", HostileImages.jpegDeclaring(65_000, 65_000));
        bombs.put("tiff", HostileImages.tiffDeclaring(100_000, 100_000));
        bombs.put("bmp", HostileImages.bmpDeclaring(20_000, 20_000));
        bombs.put("wsq", HostileImages.wsqDeclaring(65_535, 65_535));
        bombs.forEach((format, bomb) -> assertStatus(() -> harness.templates().extractTemplate(
                ExtractTemplateRequest.newBuilder().setSample(fingerImage(bomb)).build()),
                Status.Code.RESOURCE_EXHAUSTED, "pixels; the limit is 25000000 pixels"));
        assertStatus(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                        .setSample(fingerImage(HostileImages.pngDeclaring(4000, 3500, 16, 6))).build()),
                Status.Code.RESOURCE_EXHAUSTED, "at 64 bits per pixel");
    }

    @Test
    void emptyAndZeroSizedImages() {
        assertStatus(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(fingerImage(new byte[0])).build()), Status.Code.INVALID_ARGUMENT, "image is empty");
        assertStatus(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(fingerImage(HostileImages.wsqDeclaring(0, 0))).build()), Status.Code.INVALID_ARGUMENT,
                "no pixels (0x0)");
        assertThat(extractStatus(HostileImages.pngDeclaring(0, 0))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("Z1")
                .addSamples(Sample.newBuilder().setModality(Modality.FINGERPRINT)).build()),
                Status.Code.INVALID_ARGUMENT, "");
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /** Sends bytes as the request of a method, whatever they are. */
    private static byte[] rawCall(Channel channel, MethodDescriptor<?, ?> method, byte[] request) {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
        return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    @Test
    void bytesThatAreNoProtobufMessage() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x12, 0x7F};
        assertStatus(() -> rawCall(harness.channel(), SubjectsGrpc.getEnrollMethod(), garbage), Status.Code.INVALID_ARGUMENT,
                "not a valid ridgeline.v1.EnrollRequest");
        // a length-delimited field claiming more bytes than follow
        byte[] truncated = {0x0A, 0x7F, 'n', 'e', 'x'};
        assertStatus(() -> rawCall(harness.channel(), SubjectsGrpc.getEnrollMethod(), truncated), Status.Code.INVALID_ARGUMENT,
                "not a valid ridgeline.v1.EnrollRequest");
    }

    @Test
    void oversizedMessagesAndFields() {
        byte[] big = new byte[MAX_MESSAGE_BYTES + 1];
        assertStatus(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(fingerImage(big)).build()), Status.Code.RESOURCE_EXHAUSTED, String.valueOf(MAX_MESSAGE_BYTES));

        String longId = "X".repeat(100_000);
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId(longId)
                .addSamples(GeneratedFingers.sample(402, 0)).build()), Status.Code.INVALID_ARGUMENT, "subject id must be 1-128");
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery("g".repeat(100_000))
                .setSubjectId("X1").addSamples(GeneratedFingers.sample(402, 0)).build()), Status.Code.NOT_FOUND, "does not exist");
        assertStatus(() -> harness.subjects().enroll(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("X1")
                .addSamples(GeneratedFingers.sample(402, 0)).putAttributes("programme", "N".repeat(100_000)).build()),
                Status.Code.INVALID_ARGUMENT, "needs a value of 1-64");
        IdentifyRequest.Builder manySamples = IdentifyRequest.newBuilder().setGallery(GALLERY);
        for (int i = 0; i < 1000; i++) {
            manySamples.addProbe(Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(ByteString.copyFromUtf8("t")));
        }
        assertStatus(() -> harness.matching().identify(manySamples.build()), Status.Code.INVALID_ARGUMENT, "at most 20");
        CardTemplates.Builder bigCard = CardTemplates.newBuilder();
        for (int i = 0; i < 100_000; i++) {
            bigCard.addTemplates(ByteString.copyFromUtf8("t"));
        }
        assertStatus(() -> harness.matching().verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(400, 1))
                .setCard(bigCard).build()), Status.Code.INVALID_ARGUMENT, "at most");
        Clause.Builder hugeClause = Clause.newBuilder().setAttribute("programme");
        for (int i = 0; i < 100_000; i++) {
            hugeClause.addAnyOf("P" + i);
        }
        assertThat(harness.matching().identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(GeneratedFingers.sample(400, 1)).setFilter(Filter.newBuilder().addAllOf(hugeClause))
                .build()).getCandidatesCount()).isZero();
        assertStatus(() -> harness.matching().identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(GeneratedFingers.sample(400, 1)).setMaxResults(Integer.MAX_VALUE).build()),
                Status.Code.INVALID_ARGUMENT, "max results must be 1-1000");
    }

    @Test
    void aBulkStreamLongerThanTheLimitIsCutWithTheLimitNamed() {
        List<EnrollRequest> items = new ArrayList<>();
        for (int i = 0; i <= MAX_BULK_ITEMS; i++) {
            items.add(EnrollRequest.newBuilder().setGallery(GALLERY).setSubjectId("B" + i)
                    .addSamples(Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(ByteString.copyFromUtf8("x")))
                    .build());
        }
        List<BulkEnrollResult> answered = new ArrayList<>();
        assertThatThrownBy(() -> BulkEnrollClient.stream(harness.channel(), items, answered::add).get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> {
                    Status status = ((StatusRuntimeException) e.getCause()).getStatus();
                    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(status.getDescription()).contains("at most " + MAX_BULK_ITEMS + " items (max-bulk-items)");
                });
        assertThat(answered).as("every item before the limit still gets its own answer").hasSize(MAX_BULK_ITEMS)
                .allSatisfy(result -> assertThat(result.getMessage()).contains("malformed template"));
    }

    @Test
    void unknownEnumValues() {
        assertStatus(() -> harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(400, 1).toBuilder().setModalityValue(77)).build()),
                Status.Code.INVALID_ARGUMENT, "unknown modality");
        assertStatus(() -> harness.matching().identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(GeneratedFingers.sample(400, 1).toBuilder().setModalityValue(-3)).build()),
                Status.Code.INVALID_ARGUMENT, "unknown modality");
    }

    @Test
    void aClientHoldingTooManyCallsIsRefusedUntilOneEndsAndOthersAreServed() throws Exception {
        // a second client: the same server, reached from another loopback address
        ManagedChannel greedy = NettyChannelBuilder.forAddress("127.0.0.1", harness.port()).usePlaintext()
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remoteAddress, Attributes attributes) {
                        return new InetSocketAddress("127.0.0.2", 0);
                    }
                }).build();
        try {
            // refused and failed calls give their place back: more of them than the limit leave the client served
            for (int i = 0; i <= MAX_CALLS_PER_CLIENT; i++) {
                assertThatThrownBy(() -> TemplatesGrpc.newBlockingStub(greedy).extractTemplate(ExtractTemplateRequest
                        .newBuilder().setSample(fingerImage(new byte[MAX_MESSAGE_BYTES + 1])).build()))
                        .isInstanceOf(StatusRuntimeException.class);
                assertThatThrownBy(() -> rawCall(greedy, SubjectsGrpc.getEnrollMethod(), new byte[] {0x0A, 0x7F}))
                        .isInstanceOf(StatusRuntimeException.class);
                assertThatThrownBy(() -> TemplatesGrpc.newBlockingStub(greedy).extractTemplate(ExtractTemplateRequest
                        .newBuilder().setSample(fingerImage(HostileImages.wsqDeclaring(9, 0))).build()))
                        .isInstanceOf(StatusRuntimeException.class);
            }
            List<StreamObserver<EnrollRequest>> held = holdEveryCall(greedy);
            ThrowingCallable list = () -> GalleriesGrpc.newBlockingStub(greedy).listGalleries(ListGalleriesRequest.getDefaultInstance());
            // the server admits the open streams a moment after the client opened them
            awaitStatus(list, Status.Code.RESOURCE_EXHAUSTED);
            assertStatus(list, Status.Code.RESOURCE_EXHAUSTED,
                    "client '127.0.0.2' already has 4 calls in progress; the limit is max-calls-per-client=4");
            assertThat(HealthGrpc.newBlockingStub(greedy).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .as("health checks are never limited").isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(harness.galleries().listGalleries(ListGalleriesRequest.getDefaultInstance()).getGalleriesCount())
                    .as("another client is still served").isEqualTo(1);

            held.removeFirst().onError(new IllegalStateException("client gives up"));
            awaitStatus(list, Status.Code.OK);
            held.forEach(StreamObserver::onCompleted);
        } finally {
            greedy.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Opens as many idle streams as the client may hold. The server releases a finished call's
     * place a moment after the client saw its answer, so a stream opened right after other calls
     * may be refused: then all are dropped and opened again.
     */
    private static List<StreamObserver<EnrollRequest>> holdEveryCall(ManagedChannel channel) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            AtomicInteger refused = new AtomicInteger();
            List<StreamObserver<EnrollRequest>> held = new ArrayList<>();
            for (int i = 0; i < MAX_CALLS_PER_CLIENT; i++) {
                held.add(SubjectsGrpc.newStub(channel).bulkEnroll(countingRefusals(refused)));
            }
            Thread.sleep(200);
            if (refused.get() == 0) {
                return held;
            }
            held.forEach(stream -> stream.onError(new IllegalStateException("retrying")));
            Thread.sleep(200);
        }
        throw new AssertionError("could not hold " + MAX_CALLS_PER_CLIENT + " calls");
    }

    private static <T> StreamObserver<T> countingRefusals(AtomicInteger refused) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
            }

            @Override
            public void onError(Throwable t) {
                refused.incrementAndGet();
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    /** Repeats a call until it gets the status: the server sees streams open and close a moment after the client. */
    private static void awaitStatus(ThrowingCallable call, Status.Code expected) throws InterruptedException {
        Status.Code last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                call.call();
                last = Status.Code.OK;
            } catch (StatusRuntimeException e) {
                last = e.getStatus().getCode();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(last).isEqualTo(expected);
    }

    @Test
    void anEnrollmentWhoseDeadlinePassesIsNotWritten() throws Exception {
        // templating a finger takes tens of milliseconds: the deadline passes while the server works
        assertThatThrownBy(() -> harness.subjects().withDeadlineAfter(5, TimeUnit.MILLISECONDS).enroll(EnrollRequest
                .newBuilder().setGallery(GALLERY).setSubjectId("LATE").addSamples(GeneratedFingers.sample(403, 0)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        Thread.sleep(2000);
        assertStatus(() -> harness.subjects().getSubject(GetSubjectRequest.newBuilder().setGallery(GALLERY)
                .setSubjectId("LATE").build()), Status.Code.NOT_FOUND, "LATE");
    }

    @Test
    void memoryStaysBoundedUnderRepeatedHostileInput() throws Exception {
        Map<String, byte[]> valid = validImages();
        long settled = 0;
        for (int round = 0; round < 4; round++) {
            for (Map.Entry<String, byte[]> image : valid.entrySet()) {
                for (int seed = 0; seed < 10; seed++) {
                    extractStatus(HostileImages.corrupt(image.getValue(), round * 1000L + seed));
                }
            }
            extractStatus(HostileImages.pngDeclaring(4000, 3500, 16, 6));
            extractStatus(HostileImages.wsqDeclaring(65_535, 65_535));
            extractStatus(new byte[MAX_MESSAGE_BYTES + 1]);
            long used = heapAfterGc();
            if (round == 0) {
                settled = used;
            }
            System.out.printf("hostile round %d: heap after GC %.1f MB%n", round, used / 1e6);
            assertThat(used - settled).as("heap growth after round %d", round).isLessThan(64L << 20);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
