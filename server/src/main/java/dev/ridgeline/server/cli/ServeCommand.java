package dev.ridgeline.server.cli;

import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.FaceSettings;
import dev.ridgeline.engine.card.CardGate;
import dev.ridgeline.engine.card.CardSigner;
import dev.ridgeline.engine.card.PemKeys;
import dev.ridgeline.engine.card.TrustedIssuers;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.server.grpc.CardSettings;
import dev.ridgeline.server.grpc.RidgelineServer;
import dev.ridgeline.server.limits.ServiceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gRPC service with its embedded store until stopped (Ctrl-C or SIGTERM).")
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

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", description = "Largest request message accepted (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes = ServiceLimits.DEFAULT.maxMessageBytes();

    @Option(names = "--max-image-bytes", paramLabel = "BYTES", description = "Largest encoded image (default: ${DEFAULT-VALUE}).")
    int maxImageBytes = ImageLimits.DEFAULT.maxBytes();

    @Option(names = "--max-image-pixels", paramLabel = "PIXELS",
            description = "Most pixels an image may declare, checked from its header before decoding (default: ${DEFAULT-VALUE}).")
    long maxImagePixels = ImageLimits.DEFAULT.maxPixels();

    @Option(names = "--max-bulk-items", paramLabel = "N", description = "Most items one BulkEnroll stream may carry (default: ${DEFAULT-VALUE}).")
    int maxBulkItems = ServiceLimits.DEFAULT.maxBulkItems();

    @Option(names = "--max-calls-per-client", paramLabel = "N",
            description = "Calls one client may have in progress at once (default: ${DEFAULT-VALUE}).")
    int maxCallsPerClient = ServiceLimits.DEFAULT.maxCallsPerClient();

    @Option(names = "--max-calls", paramLabel = "N", description = "Calls the service may have in progress at once (default: ${DEFAULT-VALUE}).")
    int maxCalls = ServiceLimits.DEFAULT.maxCalls();

    @Option(names = "--issuer-key", paramLabel = "PEM",
            description = "Private key (PKCS#8 PEM, `card keygen`) that signs card templates ExtractTemplate is asked to sign.")
    Path issuerKey;

    @Option(names = "--issuer-key-id", paramLabel = "ID", description = "The id cards name the issuer key by.")
    String issuerKeyId;

    @Option(names = "--trusted-issuers", paramLabel = "FILE",
            description = "Issuer public keys whose signed card templates Verify accepts: lines of `<id> <valid until> <key>`.")
    Path trustedIssuers;

    @Option(names = "--require-signed-cards", description = "Refuse card templates that are not signed by a trusted issuer.")
    boolean requireSignedCards;

    @Override
    public Integer call() throws Exception {
        if (faceSelection == FaceSelection.SINGLE) {
            System.err.println("--face-selection takes largest or most_central");
            return 2;
        }
        EngineConfig defaults = EngineConfig.defaults(dataDir);
        FaceSettings faces = new FaceSettings(faceModels, faceSelection, defaults.faces().qualityGate());
        if (maxImageBytes > maxMessageBytes) {
            System.err.println("--max-image-bytes (" + maxImageBytes + ") cannot exceed --max-message-bytes (" + maxMessageBytes
                    + "): an image travels inside a request message");
            return 2;
        }
        EngineConfig config = new EngineConfig(dataDir, defaults.defaultShards(), defaults.searchThreads(),
                new ImageLimits(maxImageBytes, maxImagePixels), minimumMinutiae, faces);
        ServiceLimits limits = new ServiceLimits(maxMessageBytes, maxBulkItems, maxCallsPerClient, maxCalls);
        if ((issuerKey == null) != (issuerKeyId == null)) {
            System.err.println("--issuer-key and --issuer-key-id go together");
            return 2;
        }
        Optional<CardSigner> signer = issuerKey == null ? Optional.empty()
                : Optional.of(new CardSigner(issuerKeyId, PemKeys.privateKey(Files.readString(issuerKey))));
        TrustedIssuers trusted = trustedIssuers == null ? new TrustedIssuers(List.of()) : TrustedIssuers.read(trustedIssuers);
        CardSettings cards = new CardSettings(signer, new CardGate(trusted, requireSignedCards, Clock.systemUTC()));
        RidgelineServer server = RidgelineServer.start(config, host, port, metricsPort, limits, cards);
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
