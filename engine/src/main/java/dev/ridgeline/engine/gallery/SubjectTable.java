package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.template.Modality;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shard's subjects by ordinal (the order they were added), held flat: a face-only subject in a
 * gallery of millions costs a few dozen bytes here, not a map entry and half a dozen objects.
 * <ul>
 *   <li>Each subject's id, enrolment time and template summaries are one immutable record in a
 *       {@link ByteLog}; {@link #names()} reads ids from it without a lock.</li>
 *   <li>First row and row count per ordinal in int and byte arrays.</li>
 *   <li>Attribute sets are interned: subjects share a few combinations of a small vocabulary,
 *       so each holds the index of its set.</li>
 *   <li>Ids find their ordinal through an open-addressing table of ordinals.</li>
 * </ul>
 * Not thread-safe: the shard calls it under its lock, except for {@link Names}.
 */
final class SubjectTable {

    private static final int FREE = 0;
    private static final int REMOVED = -1;

    private final ByteLog records = new ByteLog();
    private int[] recordAt = new int[64];
    private int[] firstRow = new int[64];
    private byte[] rowCount = new byte[64];
    private int[] attributeSet = new int[64];
    private int count;
    private int live;

    private final List<Map<String, String>> attributeSets = new ArrayList<>(List.of(Map.of()));
    private final Map<Map<String, String>, Integer> attributeSetIndex = new HashMap<>(Map.of(Map.of(), 0));
    private final List<TemplateKind> templateKinds = new ArrayList<>();
    private final Map<TemplateKind, Integer> templateKindIndex = new HashMap<>();

    /** Ordinal + 1 per slot; {@link #FREE} ends a probe, {@link #REMOVED} does not. */
    private int[] slots = new int[128];
    private int usedSlots;

    /** What a template summary shares with many others: interned, its index stored per template. */
    private record TemplateKind(Modality modality, String algorithm, String version) {
    }

    /** An immutable view of the ids of the subjects added so far, for searches naming their results. */
    record Names(byte[][] segments, int[] recordAt, int count) {

        String id(int ordinal) {
            int address = recordAt[ordinal];
            byte[] segment = ByteLog.segment(segments, address);
            int offset = ByteLog.offset(address);
            return new String(segment, offset + 1, segment[offset] & 0xFF, StandardCharsets.US_ASCII);
        }
    }

    int size() {
        return live;
    }

    Names names() {
        return new Names(records.segments(), recordAt, count);
    }

    /** Adds a subject whose rows start at {@code first}; returns its ordinal. The id must not be present. */
    int add(SubjectView subject, int first, int rows) {
        if (ordinalOf(subject.subjectId()) >= 0) {
            throw new IllegalStateException("subject '" + subject.subjectId() + "' is already in this shard");
        }
        int ordinal = count;
        if (ordinal == recordAt.length) {
            int grown = ordinal + (ordinal >> 1);
            recordAt = Arrays.copyOf(recordAt, grown);
            firstRow = Arrays.copyOf(firstRow, grown);
            rowCount = Arrays.copyOf(rowCount, grown);
            attributeSet = Arrays.copyOf(attributeSet, grown);
        }
        byte[] record = encode(subject);
        recordAt[ordinal] = records.append(record, record.length);
        firstRow[ordinal] = first;
        rowCount[ordinal] = (byte) rows;
        attributeSet[ordinal] = intern(subject.attributes());
        count++;
        live++;
        insert(subject.subjectId(), ordinal);
        return ordinal;
    }

    /** The ordinal of a present subject, or -1. */
    int ordinalOf(String subjectId) {
        int mask = slots.length - 1;
        for (int slot = spread(subjectId.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == FREE) {
                return -1;
            }
            if (entry != REMOVED && idEquals(entry - 1, subjectId)) {
                return entry - 1;
            }
        }
    }

    void remove(String subjectId) {
        int mask = slots.length - 1;
        for (int slot = spread(subjectId.hashCode()) & mask; slots[slot] != FREE; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry != REMOVED && idEquals(entry - 1, subjectId)) {
                slots[slot] = REMOVED;
                live--;
                return;
            }
        }
    }

    int firstRow(int ordinal) {
        return firstRow[ordinal];
    }

    int rowCount(int ordinal) {
        return rowCount[ordinal];
    }

    Map<String, String> attributes(int ordinal) {
        return attributeSets.get(attributeSet[ordinal]);
    }

    void setAttributes(int ordinal, Map<String, String> attributes) {
        attributeSet[ordinal] = intern(attributes);
    }

    /** The subject as GetSubject shows it, decoded from its record. */
    SubjectView view(String gallery, int ordinal) {
        int address = recordAt[ordinal];
        Reader in = new Reader(ByteLog.segment(records.segments(), address), ByteLog.offset(address));
        int idLength = in.next();
        String id = new String(in.bytes, in.position, idLength, StandardCharsets.US_ASCII);
        in.position += idLength;
        Instant enrolled = Instant.ofEpochSecond(in.varint(), in.varint());
        int templates = (int) in.varint();
        List<TemplateInfo> infos = new ArrayList<>(templates);
        for (int i = 0; i < templates; i++) {
            TemplateKind kind = templateKinds.get((int) in.varint());
            infos.add(new TemplateInfo(kind.modality(), kind.algorithm(), kind.version(), (int) in.varint(),
                    (int) in.varint(), (int) in.varint(), (int) in.varint()));
        }
        return new SubjectView(gallery, id, attributes(ordinal), infos, enrolled);
    }

    /** Heap held here beyond the per-subject arrays' slack: for the gallery's memory figure. */
    long bytes() {
        return records.bytes() + 13L * recordAt.length + 4L * slots.length;
    }

    private byte[] encode(SubjectView subject) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        byte[] id = subject.subjectId().getBytes(StandardCharsets.US_ASCII);
        out.write(id.length); // at most SubjectRecord.MAX_ID_LENGTH, 128: one byte
        out.writeBytes(id);
        writeVarint(out, subject.enrolled().getEpochSecond());
        writeVarint(out, subject.enrolled().getNano());
        writeVarint(out, subject.templates().size());
        for (TemplateInfo info : subject.templates()) {
            TemplateKind kind = new TemplateKind(info.modality(), info.algorithm(), info.algorithmVersion());
            Integer index = templateKindIndex.get(kind);
            if (index == null) {
                index = templateKinds.size();
                templateKinds.add(kind);
                templateKindIndex.put(kind, index);
            }
            writeVarint(out, index);
            writeVarint(out, info.position());
            writeVarint(out, info.quality());
            writeVarint(out, info.featureCount());
            writeVarint(out, info.sizeBytes());
        }
        return out.toByteArray();
    }

    private int intern(Map<String, String> attributes) {
        Integer index = attributeSetIndex.get(attributes);
        if (index == null) {
            index = attributeSets.size();
            attributeSets.add(attributes);
            attributeSetIndex.put(attributes, index);
        }
        return index;
    }

    private void insert(String subjectId, int ordinal) {
        if ((usedSlots + 1) * 4L > slots.length * 3L) { // above 3/4 full, counting removed slots: rehash
            rehash();
        }
        int mask = slots.length - 1;
        int slot = spread(subjectId.hashCode()) & mask;
        while (slots[slot] != FREE) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = ordinal + 1;
        usedSlots++;
    }

    /** Rebuilds the table from the live entries, at twice the live count's power of two or more. */
    private void rehash() {
        int[] old = slots;
        int size = Integer.highestOneBit(Math.max(64, live * 2)) << 1;
        slots = new int[size];
        usedSlots = 0;
        int mask = size - 1;
        for (int entry : old) {
            if (entry > 0) {
                int slot = spread(idHash(entry - 1)) & mask;
                while (slots[slot] != FREE) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = entry;
                usedSlots++;
            }
        }
    }

    private boolean idEquals(int ordinal, String subjectId) {
        int address = recordAt[ordinal];
        byte[] segment = ByteLog.segment(records.segments(), address);
        int offset = ByteLog.offset(address);
        if ((segment[offset] & 0xFF) != subjectId.length()) {
            return false;
        }
        for (int i = 0; i < subjectId.length(); i++) {
            if (segment[offset + 1 + i] != subjectId.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** String.hashCode of a stored id (ASCII), without making the String. */
    private int idHash(int ordinal) {
        int address = recordAt[ordinal];
        byte[] segment = ByteLog.segment(records.segments(), address);
        int offset = ByteLog.offset(address);
        int hash = 0;
        for (int i = 0; i < (segment[offset] & 0xFF); i++) {
            hash = 31 * hash + segment[offset + 1 + i];
        }
        return hash;
    }

    /** String.hashCode's low bits barely differ between ids like "traveller-0001" and "-0002". */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Reads a record's bytes and varints in turn. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        int next() {
            return bytes[position++] & 0xFF;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = next();
                value |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return value;
                }
            }
        }
    }
}
