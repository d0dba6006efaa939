package dev.ridgeline.engine.card;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;

/** Signs template envelopes for cards with one issuer key. */
public final class CardSigner {

    private final String keyId;
    private final PrivateKey key;
    private final SignatureAlgorithm algorithm;

    public CardSigner(String keyId, PrivateKey key) {
        this.keyId = IssuerKey.checkId(keyId);
        this.key = key;
        this.algorithm = SignatureAlgorithm.of(key);
    }

    public String keyId() {
        return keyId;
    }

    public SignedCardTemplate sign(byte[] envelope, Instant now) {
        Instant signedAt = Instant.ofEpochSecond(now.getEpochSecond());
        try {
            Signature signer = Signature.getInstance(algorithm.jcaSignature());
            signer.initSign(key);
            signer.update(SignedCardTemplate.signedPart(algorithm, keyId, signedAt, envelope));
            return new SignedCardTemplate(algorithm, keyId, signedAt, envelope, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the issuer key cannot sign: " + e.getMessage(), e);
        }
    }
}
