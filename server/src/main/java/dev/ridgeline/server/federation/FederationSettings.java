package dev.ridgeline.server.federation;

import java.nio.file.Path;
import java.time.Duration;

/**
 * This deployment's place among its partners, as {@code serve} options set it.
 *
 * @param deployment      this deployment's name, e.g. {@code ca-cbsa}: the provenance of its own hits
 * @param partnersFile    the partners and their agreements (docs/FEDERATION.md); re-read when it changes
 * @param port            the federation port partners call; {@link #NO_PORT} answers no partner
 * @param certificate     this deployment's certificate (PEM), presented to partners when it answers and when it asks
 * @param privateKey      its private key, unencrypted PKCS#8
 * @param partnerDeadline how long partners have to answer a federated query unless the query says less
 * @param reloadInterval  how often the partner file is checked for changes
 * @param programmesFile  the vetted programmes (docs/FEDERATION.md, "Vetting"); null: none
 */
public record FederationSettings(String deployment, Path partnersFile, int port, Path certificate, Path privateKey,
                                 Duration partnerDeadline, Duration reloadInterval, Path programmesFile) {

    /** Settings without vetted programmes. */
    public FederationSettings(String deployment, Path partnersFile, int port, Path certificate, Path privateKey,
                              Duration partnerDeadline, Duration reloadInterval) {
        this(deployment, partnersFile, port, certificate, privateKey, partnerDeadline, reloadInterval, null);
    }

    /** The same settings with these vetted programmes. */
    public FederationSettings withProgrammes(Path file) {
        return new FederationSettings(deployment, partnersFile, port, certificate, privateKey, partnerDeadline,
                reloadInterval, file);
    }

    public static final int NO_PORT = -1;
    public static final Duration DEFAULT_PARTNER_DEADLINE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(1);
}
