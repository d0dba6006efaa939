package dev.ridgeline.engine.card;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Issuer keys in the forms openssl writes: PKCS#8 PEM private keys, and public keys as X.509
 * SubjectPublicKeyInfo (PEM, or its bare base64 on one line). Ed25519 and EC P-256 only.
 */
public final class PemKeys {

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private PemKeys() {
    }

    public static PrivateKey privateKey(String pem) {
        byte[] der = der(pem, PRIVATE_LABEL);
        return checked(decode(keyFactory -> keyFactory.generatePrivate(new PKCS8EncodedKeySpec(der)), "private"));
    }

    /** A public key from PEM or from the base64 of its DER encoding. */
    public static PublicKey publicKey(String text) {
        byte[] der = text.contains("-----BEGIN") ? der(text, PUBLIC_LABEL) : Base64.getDecoder().decode(text.strip());
        return checked(decode(keyFactory -> keyFactory.generatePublic(new X509EncodedKeySpec(der)), "public"));
    }

    public static String pem(PrivateKey key) {
        return pem(PRIVATE_LABEL, key.getEncoded());
    }

    public static String pem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    /** The one-line form a trusted-issuers file holds. */
    public static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("expected a PEM block '" + begin + "'"
                    + (label.equals(PRIVATE_LABEL) ? " (PKCS#8: convert with `openssl pkcs8 -topk8 -nocrypt`)" : ""));
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private interface KeyDecoding<K> {
        K apply(KeyFactory factory) throws GeneralSecurityException;
    }

    /** Tries each supported key type: the DER names its algorithm, the JDK needs it named up front. */
    private static <K extends java.security.Key> K decode(KeyDecoding<K> decoding, String kind) {
        for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
            try {
                return decoding.apply(KeyFactory.getInstance(algorithm.jcaKeyAlgorithm()));
            } catch (GeneralSecurityException e) {
                // not this type; try the next
            }
        }
        throw new IllegalArgumentException("not an Ed25519 or EC " + kind + " key");
    }

    private static <K extends java.security.Key> K checked(K key) {
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("EC issuer keys must be on P-256, got a "
                    + ec.getParams().getCurve().getField().getFieldSize() + "-bit curve");
        }
        return key;
    }
}
