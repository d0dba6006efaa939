package dev.ridgeline.engine.card;

import java.security.PublicKey;
import java.time.Instant;

/**
 * A trusted issuer's public key and the instant after which cards signed with it are refused
 * (a key is retired when it leaks or its programme rotates keys).
 */
public record IssuerKey(String id, PublicKey key, Instant notAfter) {

    public IssuerKey {
        checkId(id);
        SignatureAlgorithm.of(key);
    }

    SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.of(key);
    }

    static String checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > SignedCardTemplate.MAX_KEY_ID_LENGTH
                || !id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("an issuer key id is 1-" + SignedCardTemplate.MAX_KEY_ID_LENGTH
                    + " printable ASCII characters without spaces, got '" + id + "'");
        }
        return id;
    }
}
