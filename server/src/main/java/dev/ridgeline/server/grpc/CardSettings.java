package dev.ridgeline.server.grpc;

import dev.ridgeline.engine.card.CardGate;
import dev.ridgeline.engine.card.CardSigner;
import java.util.Optional;

/**
 * How the server treats cards: the issuer key it signs exported templates with (enrollment
 * stations), and the gate card templates pass before a booth matches them.
 */
public record CardSettings(Optional<CardSigner> signer, CardGate gate) {

    /** No issuer key; plain card templates accepted, signed ones refused as from an untrusted issuer. */
    public static final CardSettings NONE = new CardSettings(Optional.empty(), CardGate.OPEN);
}
