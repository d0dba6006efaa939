package dev.ridgeline.engine.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key of the store and the id written beside every record it seals, so that a store
 * can hold records under several keys while it is being re-encrypted.
 */
public final class StoreKey {

    public static final int KEY_BYTES = 32;
    /** Short and printable: it is stored in every record and named in error messages. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final String id;
    private final SecretKeySpec key;

    public StoreKey(String id, byte[] key) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must be 1-32 of A-Z a-z 0-9 . _ -");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key '" + id + "' has " + key.length + " bytes; AES-256 needs "
                    + KEY_BYTES);
        }
        this.id = id;
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A key without a chosen id is named by the first 8 hex digits of its SHA-256. */
    public static StoreKey withDerivedId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return new StoreKey(HexFormat.of().formatHex(digest, 0, 4), key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public String id() {
        return id;
    }

    byte[] idBytes() {
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    SecretKeySpec secret() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoreKey that && id.equals(that.id)
                && Arrays.equals(key.getEncoded(), that.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Never the key material. */
    @Override
    public String toString() {
        return "StoreKey[" + id + "]";
    }
}
