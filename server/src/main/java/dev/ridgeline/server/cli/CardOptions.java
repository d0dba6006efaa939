package dev.ridgeline.server.cli;

import dev.ridgeline.engine.card.CardGate;
import dev.ridgeline.engine.card.CardSigner;
import dev.ridgeline.engine.card.PemKeys;
import dev.ridgeline.engine.card.TrustedIssuers;
import dev.ridgeline.server.grpc.CardSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The `serve` options for cards: the issuer key that signs card templates, and the issuers a booth trusts. */
final class CardOptions {

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

    CardSettings settings() throws IOException {
        if ((issuerKey == null) != (issuerKeyId == null)) {
            throw new IllegalArgumentException("--issuer-key and --issuer-key-id go together");
        }
        Optional<CardSigner> signer = issuerKey == null ? Optional.empty()
                : Optional.of(new CardSigner(issuerKeyId, PemKeys.privateKey(Files.readString(issuerKey))));
        TrustedIssuers trusted = trustedIssuers == null ? new TrustedIssuers(List.of()) : TrustedIssuers.read(trustedIssuers);
        return new CardSettings(signer, new CardGate(trusted, requireSignedCards, Clock.systemUTC()));
    }
}
