package dev.ridgeline.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ridgeline.api.v1.CreateGalleryRequest;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.FederatedMatchingGrpc;
import dev.ridgeline.api.v1.GalleriesGrpc;
import dev.ridgeline.api.v1.PartnerMatchingGrpc;
import dev.ridgeline.api.v1.SubjectsGrpc;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.server.TestCertificates.Authority;
import dev.ridgeline.server.TestCertificates.Issued;
import dev.ridgeline.server.audit.AuditSettings;
import dev.ridgeline.server.federation.FederationSettings;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.security.Principals;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One government's deployment for the federation tests: its own CA, its own certificate, its own
 * store, audit log and partner file, serving on loopback sockets (the service port in plaintext for
 * local callers, the federation port in mutual TLS for partners).
 */
final class FederatedDeployment implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RELOAD = Duration.ofMillis(100);

    final String name;
    final Path directory;
    final Authority ca;
    final String subject;
    final Issued identity;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private RidgelineServer server;
    private ManagedChannel local;
    private Path programmes;

    FederatedDeployment(Path root, String name) throws Exception {
        this.name = name;
        this.directory = Files.createDirectories(root.resolve(name));
        this.ca = new Authority(directory, name + "-ca");
        this.subject = "CN=" + name + ",O=Ridgeline test,C=XX";
        this.identity = ca.deployment(directory, name, subject);
    }

    /** Starts the service with these partner entries ({@link #asPartner}), answering partners on a free port. */
    @SafeVarargs
    final FederatedDeployment start(Map<String, Object>... partners) throws Exception {
        return start(null, partners);
    }

    /** As {@link #start(Map[])}, with local callers authenticated by this access file's principals (null: none). */
    @SafeVarargs
    final FederatedDeployment start(Principals access, Map<String, Object>... partners) throws Exception {
        writePartners(partners);
        server = RidgelineServer.start(EngineConfig.defaults(directory.resolve("data")),
                ServerSettings.secured("127.0.0.1", 0, RidgelineServer.NO_METRICS, access, null)
                        .withAudit(new AuditSettings(auditDirectory(), AuditSettings.DEFAULT_MAX_FILE_BYTES, 1, Duration.ZERO))
                        .withFederation(new FederationSettings(name, partnersFile(), 0, identity.certificate(),
                                identity.privateKey(), FederationSettings.DEFAULT_PARTNER_DEADLINE, RELOAD)
                                .withProgrammes(programmes)));
        server.awaitLoaded();
        local = track(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
        return this;
    }

    /** Vets enrollments into these programmes (as the programme file spells them) from the next start. */
    @SafeVarargs
    final FederatedDeployment withProgrammes(Map<String, Object>... entries) throws Exception {
        programmes = directory.resolve("programmes.json");
        JSON.writeValue(programmes.toFile(), Map.of("programmes", List.of(entries)));
        return this;
    }

    /** Replaces the partner file whole, as an operator's editor would; the service picks it up within {@link #RELOAD}. */
    @SafeVarargs
    final void writePartners(Map<String, Object>... partners) throws Exception {
        Path temporary = directory.resolve("partners.json.tmp");
        JSON.writeValue(temporary.toFile(), Map.of("partners", List.of(partners)));
        Files.move(temporary, partnersFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Path partnersFile() {
        return directory.resolve("partners.json");
    }

    Path auditDirectory() {
        return directory.resolve("audit");
    }

    /** How another deployment's partner file names this one, with the agreement it grants that deployment. */
    Map<String, Object> asPartner(Map<String, Object> agreement) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        if (server != null) {
            entry.put("endpoint", endpoint());
        }
        entry.put("ca_file", ca.pem.toString());
        entry.put("certificate_subject", subject);
        if (agreement != null) {
            entry.put("agreement", agreement);
        }
        return entry;
    }

    /** The service port as a local client's {@code --target}. */
    String target() {
        return "127.0.0.1:" + server.port();
    }

    String endpoint() {
        return "127.0.0.1:" + server.federationPort();
    }

    /** An agreement as the partner file spells it. */
    static Map<String, Object> agreement(List<String> galleries, List<String> operations, String disclosure,
                                         List<String> attributes) {
        Map<String, Object> agreement = new LinkedHashMap<>();
        agreement.put("galleries", galleries);
        agreement.put("operations", operations);
        agreement.put("disclosure", disclosure);
        agreement.put("attributes", attributes);
        agreement.put("purposes", List.of("BORDER-ENTRY"));
        agreement.put("max_results", 5);
        agreement.put("rate_limit_per_minute", 600);
        agreement.put("yearly_quota", 100000);
        return agreement;
    }

    void enroll(String gallery, String subjectId, int finger, Map<String, String> attributes) {
        if (GalleriesGrpc.newBlockingStub(local).listGalleries(dev.ridgeline.api.v1.ListGalleriesRequest.getDefaultInstance())
                .getGalleriesList().stream().noneMatch(g -> g.getName().equals(gallery))) {
            GalleriesGrpc.newBlockingStub(local).createGallery(CreateGalleryRequest.newBuilder().setName(gallery).build());
        }
        SubjectsGrpc.newBlockingStub(local).enroll(EnrollRequest.newBuilder()
                .setGallery(gallery).setSubjectId(subjectId).putAllAttributes(attributes)
                .addSamples(GeneratedFingers.sample(finger, 0)).build());
    }

    ManagedChannel channel() {
        return local;
    }

    /** A local caller's channel to the service port, sending this bearer token. */
    ManagedChannel localAs(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return track(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build());
    }

    FederatedMatchingGrpc.FederatedMatchingBlockingStub federated() {
        return FederatedMatchingGrpc.newBlockingStub(local);
    }

    /** A partner's own call to this deployment's federation port, presenting {@code certificate}. */
    PartnerMatchingGrpc.PartnerMatchingBlockingStub partnerCallAs(Issued certificate) throws Exception {
        return PartnerMatchingGrpc.newBlockingStub(partnerChannelAs(certificate));
    }

    /** A channel to this deployment's federation port, presenting {@code certificate}. */
    ManagedChannel partnerChannelAs(Issued certificate) throws Exception {
        return track(NettyChannelBuilder.forAddress("127.0.0.1", server.federationPort())
                .sslContext(GrpcSslContexts.forClient()
                        .keyManager(certificate.certificate().toFile(), certificate.privateKey().toFile())
                        .trustManager(ca.pem.toFile())
                        .build())
                .build());
    }

    List<String> auditLines() throws Exception {
        Path log = auditDirectory().resolve("audit.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private ManagedChannel track(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }

    /** Stops the service, so that its store is closed and flushed, as after a restart. */
    void stop() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        channels.clear();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
