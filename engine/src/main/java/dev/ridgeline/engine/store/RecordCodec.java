package dev.ridgeline.engine.store;

import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The byte layout of stored records; each starts with a format version so it can evolve. */
final class RecordCodec {

    private static final int SUBJECT_FORMAT = 1;
    private static final int GALLERY_FORMAT = 1;

    private RecordCodec() {
    }

    static byte[] encodeSubject(SubjectRecord record) {
        return write(out -> {
            out.writeByte(SUBJECT_FORMAT);
            out.writeUTF(record.subjectId());
            out.writeLong(record.enrolled().toEpochMilli());
            out.writeShort(record.attributes().size());
            for (Map.Entry<String, String> attribute : new TreeMap<>(record.attributes()).entrySet()) {
                out.writeUTF(attribute.getKey());
                out.writeUTF(attribute.getValue());
            }
            out.writeShort(record.templates().size());
            for (TemplateEnvelope template : record.templates()) {
                byte[] bytes = template.toBytes();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        });
    }

    static SubjectRecord decodeSubject(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            expectFormat(in.readUnsignedByte(), SUBJECT_FORMAT, "subject");
            String subjectId = in.readUTF();
            Instant enrolled = Instant.ofEpochMilli(in.readLong());
            int attributeCount = in.readUnsignedShort();
            Map<String, String> attributes = new TreeMap<>();
            for (int i = 0; i < attributeCount; i++) {
                attributes.put(in.readUTF(), in.readUTF());
            }
            int templateCount = in.readUnsignedShort();
            List<TemplateEnvelope> templates = new ArrayList<>(templateCount);
            for (int i = 0; i < templateCount; i++) {
                templates.add(TemplateEnvelope.parse(in.readNBytes(in.readInt())));
            }
            return new SubjectRecord(subjectId, attributes, templates, enrolled);
        } catch (IOException e) {
            throw new StoreCorruptionException("truncated subject record", e);
        }
    }

    static byte[] encodeGallery(GalleryConfig config) {
        return write(out -> {
            out.writeByte(GALLERY_FORMAT);
            out.writeUTF(config.name());
            out.writeInt(config.shards());
            out.writeDouble(config.defaultTargetFmr());
            out.writeLong(config.created().toEpochMilli());
        });
    }

    static GalleryConfig decodeGallery(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            expectFormat(in.readUnsignedByte(), GALLERY_FORMAT, "gallery");
            return new GalleryConfig(in.readUTF(), in.readInt(), in.readDouble(), Instant.ofEpochMilli(in.readLong()));
        } catch (IOException e) {
            throw new StoreCorruptionException("truncated gallery record", e);
        }
    }

    private static void expectFormat(int found, int expected, String what) {
        if (found != expected) {
            throw new StoreCorruptionException("stored " + what + " record has format " + found
                    + "; this build reads format " + expected, null);
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writer.write(out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return buffer.toByteArray();
    }
}
