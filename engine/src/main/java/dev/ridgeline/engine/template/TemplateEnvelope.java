package dev.ridgeline.engine.template;

import dev.ridgeline.engine.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The versioned wrapper every Ridgeline template travels in: to cards, to clients, into the store.
 * It names the algorithm and version that made the payload so that a template from another
 * matcher is refused instead of mis-scored.
 *
 * <p>Layout (big-endian): magic "RLT", envelope format version (1 byte), modality code (1),
 * finger position 0-10 (1), quality 0-100 (1), feature count (2), algorithm id (UTF, 2-byte
 * length), algorithm version (UTF), payload length (4), payload.
 */
public record TemplateEnvelope(
        Modality modality,
        String algorithm,
        String algorithmVersion,
        int position,
        int quality,
        int featureCount,
        byte[] payload) {

    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'R', 'L', 'T'};
    /** Far above any real template (SourceAFIS payloads are ~0.1-2 KB); bounds hostile lengths. */
    private static final int MAX_PAYLOAD = 1 << 20;

    public TemplateEnvelope {
        if (position < 0 || position > 10) {
            throw EngineException.invalid("finger position must be 0 (unknown) or 1-10, got " + position);
        }
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality must be 0-100");
        }
    }

    public TemplateEnvelope withPosition(int newPosition) {
        return new TemplateEnvelope(modality, algorithm, algorithmVersion, newPosition, quality, featureCount, payload);
    }

    /** Fixed header bytes: magic, format, modality, position, quality, feature count. */
    private static final int FIXED_HEADER = MAGIC.length + 1 + 1 + 1 + 1 + 2;

    /** The size of {@link #toBytes()}, without encoding it (ids are ASCII). */
    public int encodedLength() {
        return FIXED_HEADER + 2 + algorithm.length() + 2 + algorithmVersion.length() + 4 + payload.length;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(encodedLength());
            DataOutputStream out = new DataOutputStream(buffer);
            out.write(MAGIC);
            out.writeByte(FORMAT_VERSION);
            out.writeByte(modality.code());
            out.writeByte(position);
            out.writeByte(quality);
            out.writeShort(Math.min(featureCount, 0xFFFF));
            out.writeUTF(algorithm);
            out.writeUTF(algorithmVersion);
            out.writeInt(payload.length);
            out.write(payload);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    /** True when the bytes begin as an envelope does; {@link #parse} still checks the rest. */
    public static boolean isEnvelope(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Parses an envelope; anything that is not a complete, well-formed envelope is INVALID_INPUT. */
    public static TemplateEnvelope parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw EngineException.invalid("template is empty");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw EngineException.invalid("malformed template: not a Ridgeline template envelope");
            }
            int version = in.get() & 0xFF;
            if (version != FORMAT_VERSION) {
                throw EngineException.invalid("template envelope format " + version
                        + " is not supported; this server reads format " + FORMAT_VERSION);
            }
            Modality modality = Modality.fromCode(in.get() & 0xFF);
            int position = in.get() & 0xFF;
            int quality = in.get() & 0xFF;
            int featureCount = in.getShort() & 0xFFFF;
            String algorithm = readUtf(in);
            String algorithmVersion = readUtf(in);
            int length = in.getInt();
            if (length < 0 || length > MAX_PAYLOAD || length != in.remaining()) {
                throw EngineException.invalid("malformed template: payload length " + length
                        + " does not match the " + in.remaining() + " bytes that follow");
            }
            byte[] payload = new byte[length];
            in.get(payload);
            if (quality > 100) {
                throw EngineException.invalid("malformed template: quality " + quality + " out of range");
            }
            return new TemplateEnvelope(modality, algorithm, algorithmVersion, position, quality, featureCount, payload);
        } catch (BufferUnderflowException e) {
            throw EngineException.invalid("malformed template: truncated after " + in.position() + " bytes");
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("malformed template: " + e.getMessage());
        }
    }

    private static String readUtf(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] utf = new byte[length];
        in.get(utf);
        return new String(utf, StandardCharsets.UTF_8);
    }
}
