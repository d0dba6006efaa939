package dev.ridgeline.cluster;

import dev.ridgeline.engine.store.SealedRecords;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A probe's templates as they cross the grid: sealed with the store key (Hazelcast's open-source
 * edition has no member TLS) and bound to the gallery searched.
 */
final class SealedProbe {

    private SealedProbe() {
    }

    static byte[] seal(SealedRecords sealer, String gallery, List<TemplateEnvelope> templates) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeShort(templates.size());
            for (TemplateEnvelope template : templates) {
                byte[] bytes = template.toBytes();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory write failed", e);
        }
        return sealer.seal(context(gallery), buffer.toByteArray());
    }

    static List<TemplateEnvelope> open(SealedRecords sealer, String gallery, byte[] sealed) {
        byte[] plain = sealer.open(context(gallery), sealed, "a probe for gallery '" + gallery + "'");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            int count = in.readUnsignedShort();
            List<TemplateEnvelope> templates = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                templates.add(TemplateEnvelope.parse(in.readNBytes(in.readInt())));
            }
            return templates;
        } catch (IOException e) {
            throw new UncheckedIOException("truncated probe", e);
        }
    }

    private static byte[] context(String gallery) {
        return ("ridgeline-probe/" + gallery).getBytes(StandardCharsets.UTF_8);
    }
}
