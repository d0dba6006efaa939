package dev.ridgeline.engine.card;

import dev.ridgeline.engine.EngineException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A template envelope as a card carries it, signed by its issuer.
 *
 * <p>Layout (big-endian): magic {@code RLCS}, format 1, algorithm code, key id length, key id
 * (ASCII), signing time (epoch seconds, 8 bytes), envelope length (4), envelope, signature length
 * (2), signature. The signature covers every byte before its length, so the envelope, the key id
 * and the signing time cannot change without breaking it.
 */
public record SignedCardTemplate(SignatureAlgorithm algorithm, String keyId, Instant signedAt, byte[] envelope,
                                 byte[] signature) {

    private static final byte[] MAGIC = {'R', 'L', 'C', 'S'};
    private static final int FORMAT = 1;
    static final int MAX_KEY_ID_LENGTH = 64;
    private static final int MAX_ENVELOPE = 1 << 20;
    private static final Instant MAX_SIGNING_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /** True when the bytes claim to be a signed card template (they may still be malformed). */
    public static boolean isSigned(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The bytes a signature covers. */
    static byte[] signedPart(SignatureAlgorithm algorithm, String keyId, Instant signedAt, byte[] envelope) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(MAGIC.length + 3 + id.length + 8 + 4 + envelope.length)
                .put(MAGIC).put((byte) FORMAT).put((byte) algorithm.code()).put((byte) id.length).put(id)
                .putLong(signedAt.getEpochSecond()).putInt(envelope.length).put(envelope)
                .array();
    }

    byte[] signedPart() {
        return signedPart(algorithm, keyId, signedAt, envelope);
    }

    public byte[] toBytes() {
        byte[] signed = signedPart();
        return ByteBuffer.allocate(signed.length + 2 + signature.length)
                .put(signed).putShort((short) signature.length).put(signature).array();
    }

    public static SignedCardTemplate parse(byte[] bytes) {
        if (!isSigned(bytes)) {
            throw malformed("it does not start with the signed-template marker");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
            int format = in.get() & 0xFF;
            if (format != FORMAT) {
                throw malformed("format " + format + " is not supported (this server reads format " + FORMAT + ")");
            }
            int code = in.get() & 0xFF;
            SignatureAlgorithm algorithm = SignatureAlgorithm.ofCode(code);
            if (algorithm == null) {
                throw malformed("unknown signature algorithm " + code);
            }
            byte[] id = new byte[in.get() & 0xFF];
            in.get(id);
            long seconds = in.getLong();
            if (seconds < 0 || seconds > MAX_SIGNING_TIME.getEpochSecond()) {
                throw malformed("signing time " + seconds + " is out of range");
            }
            Instant signedAt = Instant.ofEpochSecond(seconds);
            int envelopeLength = in.getInt();
            if (envelopeLength < 0 || envelopeLength > MAX_ENVELOPE || envelopeLength > in.remaining()) {
                throw malformed("envelope length " + envelopeLength + " does not fit the " + bytes.length + " bytes");
            }
            byte[] envelope = new byte[envelopeLength];
            in.get(envelope);
            byte[] signature = new byte[in.getShort() & 0xFFFF];
            in.get(signature);
            if (in.hasRemaining()) {
                throw malformed(in.remaining() + " bytes follow the signature");
            }
            return new SignedCardTemplate(algorithm, new String(id, StandardCharsets.US_ASCII), signedAt, envelope, signature);
        } catch (BufferUnderflowException e) {
            throw malformed("truncated after " + bytes.length + " bytes");
        }
    }

    private static EngineException malformed(String why) {
        return EngineException.invalid("malformed signed card template: " + why);
    }
}
