package dev.ridgeline.server.cli;

import dev.ridgeline.server.federation.FederationSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The `serve` options that make the service a deployment among partners (docs/FEDERATION.md). */
final class FederationOptions {

    @Option(names = "--deployment-name", paramLabel = "NAME",
            description = "This deployment's name among its partners, e.g. ca-cbsa (with --partners-file).")
    String deployment;

    @Option(names = "--partners-file", paramLabel = "JSON",
            description = "Partner deployments, their pinned identities and agreements; re-read when it changes.")
    Path partnersFile;

    @Option(names = "--federation-port", paramLabel = "PORT", defaultValue = "-1",
            description = "Port partners call, mutual TLS only; -1 answers no partner (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--federation-cert", paramLabel = "PEM",
            description = "This deployment's certificate, presented to partners when answering and asking.")
    Path certificate;

    @Option(names = "--federation-key", paramLabel = "PEM", description = "Private key of --federation-cert, unencrypted PKCS#8.")
    Path privateKey;

    @Option(names = "--partner-deadline-ms", paramLabel = "MS",
            description = "How long partners have to answer a federated query (default: ${DEFAULT-VALUE}).")
    long partnerDeadlineMillis = FederationSettings.DEFAULT_PARTNER_DEADLINE.toMillis();

    @Option(names = "--programmes-file", paramLabel = "JSON",
            description = "Joint programmes whose enrollments are vetted here and at partners (NEXUS, ...).")
    Path programmesFile;

    /** The settings, or null when no federation option is given; an incomplete set is an IllegalArgumentException. */
    FederationSettings settings() {
        boolean any = deployment != null || partnersFile != null || certificate != null || privateKey != null || port != -1
                || programmesFile != null;
        if (!any) {
            return null;
        }
        if (deployment == null || partnersFile == null || certificate == null || privateKey == null) {
            throw new IllegalArgumentException("a deployment among partners needs --deployment-name, --partners-file,"
                    + " --federation-cert and --federation-key together");
        }
        if (partnerDeadlineMillis < 1) {
            throw new IllegalArgumentException("--partner-deadline-ms must be at least 1");
        }
        return new FederationSettings(deployment, partnersFile, port, certificate, privateKey,
                Duration.ofMillis(partnerDeadlineMillis), FederationSettings.DEFAULT_RELOAD_INTERVAL)
                .withProgrammes(programmesFile);
    }
}
