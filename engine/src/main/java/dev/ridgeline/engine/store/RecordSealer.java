package dev.ridgeline.engine.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals subject records with AES-256-GCM when the key ring has a current key, and opens sealed
 * and plain records alike.
 *
 * <p>A sealed value is {@code 0x80, id length, key id, 12-byte nonce, ciphertext with its 16-byte
 * tag}. Plain records start with their codec format (1), so the first byte tells them apart and
 * stores written before encryption still open. The associated data is the RocksDB key plus the
 * header, so a sealed record moved to another subject's key, or relabelled with another key id,
 * fails authentication instead of loading.
 */
final class RecordSealer {

    static final int SEALED_FORMAT = 0x80;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private static final SecureRandom NONCES = new SecureRandom();
    /** A Cipher is not thread-safe and costly to look up; the loader decrypts on every core. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES/GCM", e);
        }
    });

    private final KeyRing keys;

    RecordSealer(KeyRing keys) {
        this.keys = keys;
    }

    KeyRing keys() {
        return keys;
    }

    /** The stored value for {@code plain} under the current key, or {@code plain} itself without one. */
    byte[] seal(byte[] rocksKey, byte[] plain) {
        if (keys.current().isEmpty()) {
            return plain;
        }
        StoreKey key = keys.current().get();
        byte[] id = key.idBytes();
        int headerLength = 2 + id.length;
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
            ByteBuffer sealed = ByteBuffer.allocate(headerLength + NONCE_BYTES + cipher.getOutputSize(plain.length));
            sealed.put((byte) SEALED_FORMAT).put((byte) id.length).put(id).put(nonce);
            cipher.updateAAD(rocksKey);
            cipher.updateAAD(sealed.array(), 0, headerLength);
            cipher.doFinal(ByteBuffer.wrap(plain), sealed);
            return sealed.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to seal a record: " + e.getMessage(), e);
        }
    }

    /** The key id a stored value was sealed with; empty for a plain record. */
    static Optional<String> keyId(byte[] stored) {
        if (stored.length < 2 || (stored[0] & 0xff) != SEALED_FORMAT) {
            return Optional.empty();
        }
        int idLength = stored[1] & 0xff;
        return Optional.of(new String(stored, 2, Math.min(idLength, stored.length - 2), StandardCharsets.US_ASCII));
    }

    /**
     * The plain record behind a stored value.
     *
     * @param record names the record in error messages
     * @throws StoreCorruptionException when the key is not configured or authentication fails
     */
    byte[] open(byte[] rocksKey, byte[] stored, String record) {
        Optional<String> keyId = keyId(stored);
        if (keyId.isEmpty()) {
            return stored;
        }
        StoreKey key = keys.key(keyId.get()).orElseThrow(() -> new StoreCorruptionException(record
                + " was encrypted with key id " + keyId.get() + ", which is not configured (" + keys + ")", null));
        int headerLength = 2 + (stored[1] & 0xff);
        if (stored.length < headerLength + NONCE_BYTES + TAG_BITS / 8) {
            throw new StoreCorruptionException(record + " is truncated: " + stored.length + " bytes", null);
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key.secret(),
                    new GCMParameterSpec(TAG_BITS, stored, headerLength, NONCE_BYTES));
            cipher.updateAAD(rocksKey);
            cipher.updateAAD(stored, 0, headerLength);
            int offset = headerLength + NONCE_BYTES;
            return cipher.doFinal(stored, offset, stored.length - offset);
        } catch (AEADBadTagException e) {
            throw new StoreCorruptionException(record + " failed authentication under key id " + key.id()
                    + ": wrong key or corrupted record", e);
        } catch (GeneralSecurityException e) {
            throw new StoreCorruptionException(record + " cannot be decrypted under key id " + key.id() + ": "
                    + e.getMessage(), e);
        }
    }
}
