package dev.ridgeline.server.cli;

import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.FaceSettings;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.grpc.ServerSettings;
import dev.ridgeline.server.security.AccessFile;
import dev.ridgeline.server.security.TlsFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gRPC service with its embedded store, or as a member of a cluster (--cluster-name),"
                + " until stopped (Ctrl-C or SIGTERM).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "Directory of the embedded store (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "50051", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", defaultValue = "9464",
            description = "Port for Prometheus metrics at /metrics; -1 turns them off (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--min-minutiae", defaultValue = "" + EngineConfig.DEFAULT_MINIMUM_MINUTIAE,
            description = "Images yielding fewer minutiae are refused as having no usable ridges (default: ${DEFAULT-VALUE}).")
    int minimumMinutiae;

    @Option(names = "--face-models", paramLabel = "DIR",
            description = "Face model folder, as `./ridgeline setup` fills it (default: ${DEFAULT-VALUE}).")
    Path faceModels = FaceSettings.defaults().modelDirectory();

    @Option(names = "--face-selection", defaultValue = "largest",
            description = "Which face of a verify or identify photo counts: largest or most_central"
                    + " (default: ${DEFAULT-VALUE}); enrollment always needs exactly one face.")
    FaceSelection faceSelection;

    @Option(names = "--min-face-quality", defaultValue = "0", paramLabel = "SCORE",
            description = "Enrollment refuses a face whose 0-100 quality score is lower, naming both"
                    + " (default: ${DEFAULT-VALUE}, any; docs/ACCURACY.md shows what the score predicts).")
    int minFaceQuality;

    @Option(names = "--min-finger-quality", defaultValue = "0", paramLabel = "SCORE",
            description = "Enrollment refuses a fingerprint image whose 0-100 quality score is lower, naming both"
                    + " (default: ${DEFAULT-VALUE}, any; docs/ACCURACY.md shows what the score predicts).")
    int minFingerQuality;

    @Mixin
    LimitOptions limits;

    @Mixin
    CardOptions cards;

    @Mixin
    StoreKeyOptions storeKeys;

    @Mixin
    AuditOptions audit;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    FederationOptions federation;

    @Option(names = "--access-file", paramLabel = "JSON",
            description = "Callers, their credentials and grants (docs/SECURITY.md). Without it the service runs"
                    + " without authentication, which only a loopback --host allows.")
    Path accessFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve TLS with this certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert, unencrypted PKCS#8.")
    Path tlsKey;

    @Option(names = "--client-ca", paramLabel = "PEM",
            description = "Mutual TLS: every client must present a certificate signed by this CA.")
    Path clientCa;

    @Override
    public Integer call() throws Exception {
        if (faceSelection == FaceSelection.SINGLE) {
            System.err.println("--face-selection takes largest or most_central");
            return 2;
        }
        if ((tlsCert == null) != (tlsKey == null) || (clientCa != null && tlsCert == null)) {
            System.err.println("serve: --tls-cert and --tls-key go together, and --client-ca needs them");
            return 2;
        }
        EngineConfig defaults = EngineConfig.defaults(dataDir);
        RidgelineServer server;
        try {
            FaceSettings faces = new FaceSettings(faceModels, faceSelection,
                    defaults.faces().qualityGate().withMinScore(minFaceQuality));
            EngineConfig config = new EngineConfig(dataDir, defaults.defaultShards(), defaults.searchThreads(),
                    limits.images(), minimumMinutiae, faces, storeKeys.keyRing(), minFingerQuality);
            ServerSettings settings = ServerSettings.secured(host, port, metricsPort,
                    accessFile == null ? null : AccessFile.load(accessFile),
                    tlsCert == null ? null : new TlsFiles(tlsCert, tlsKey, clientCa))
                    .withLimits(limits.service()).withCards(cards.settings()).withAudit(audit.settings(dataDir))
                    .withFederation(federation.settings());
            server = cluster.enabled() ? ClusterServe.start(config, settings, cluster)
                    : RidgelineServer.start(config, settings);
        } catch (IllegalArgumentException | EngineException | UncheckedIOException e) {
            // Configuration a cluster cannot run with, or PostgreSQL out of reach: say which, before serving anything.
            System.err.println("serve: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ridgeline-shutdown"));
        server.awaitTermination();
        return 0;
    }
}
