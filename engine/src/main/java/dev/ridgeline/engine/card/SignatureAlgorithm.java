package dev.ridgeline.engine.card;

import java.security.Key;

/** The issuer signature schemes the JDK provides without extra libraries. */
public enum SignatureAlgorithm {
    ED25519(1, "Ed25519", "Ed25519"),
    ECDSA_P256_SHA256(2, "SHA256withECDSA", "EC");

    private final int code;
    private final String jcaSignature;
    private final String jcaKeyAlgorithm;

    SignatureAlgorithm(int code, String jcaSignature, String jcaKeyAlgorithm) {
        this.code = code;
        this.jcaSignature = jcaSignature;
        this.jcaKeyAlgorithm = jcaKeyAlgorithm;
    }

    int code() {
        return code;
    }

    String jcaSignature() {
        return jcaSignature;
    }

    String jcaKeyAlgorithm() {
        return jcaKeyAlgorithm;
    }

    static SignatureAlgorithm ofCode(int code) {
        for (SignatureAlgorithm algorithm : values()) {
            if (algorithm.code == code) {
                return algorithm;
            }
        }
        return null;
    }

    /** The scheme a key belongs to: EdDSA keys sign with Ed25519, EC keys with ECDSA over SHA-256. */
    static SignatureAlgorithm of(Key key) {
        return switch (key.getAlgorithm()) {
            case "Ed25519", "EdDSA" -> ED25519;
            case "EC" -> ECDSA_P256_SHA256;
            default -> throw new IllegalArgumentException("issuer keys are Ed25519 or ECDSA P-256, not " + key.getAlgorithm());
        };
    }
}
