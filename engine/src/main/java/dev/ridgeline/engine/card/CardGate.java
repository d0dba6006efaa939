package dev.ridgeline.engine.card;

import dev.ridgeline.engine.EngineException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What a booth accepts from a card: signed templates from its trusted issuers, checked here, and
 * (unless it requires signatures) plain template envelopes. A tampered chip is refused before
 * anything is matched.
 */
public final class CardGate {

    /** Accepts plain envelopes and refuses every signed one: no issuer is trusted. */
    public static final CardGate OPEN = new CardGate(new TrustedIssuers(List.of()), false, Clock.systemUTC());

    private final TrustedIssuers trusted;
    private final boolean requireSigned;
    private final Clock clock;

    public CardGate(TrustedIssuers trusted, boolean requireSigned, Clock clock) {
        if (requireSigned && trusted.size() == 0) {
            throw new IllegalArgumentException("requiring signed cards needs at least one trusted issuer key");
        }
        this.trusted = trusted;
        this.requireSigned = requireSigned;
        this.clock = clock;
    }

    /** The template envelopes the card holds, each signature checked; refuses the card otherwise. */
    public List<byte[]> envelopes(List<byte[]> card) {
        List<byte[]> envelopes = new ArrayList<>(card.size());
        for (int i = 0; i < card.size(); i++) {
            byte[] template = card.get(i);
            if (SignedCardTemplate.isSigned(template)) {
                try {
                    envelopes.add(trusted.verified(SignedCardTemplate.parse(template), clock.instant()));
                } catch (EngineException e) {
                    throw EngineException.invalid("card template " + i + ": " + e.getMessage());
                }
            } else if (requireSigned) {
                throw EngineException.invalid("card template " + i + " refused: it is unsigned, and this booth"
                        + " accepts only templates signed by a trusted issuer");
            } else {
                envelopes.add(template);
            }
        }
        return envelopes;
    }
}
