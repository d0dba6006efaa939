package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.template.Modality;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * One partition of a gallery. Writers change a private working state under the shard's lock and
 * publish an immutable {@link ShardSnapshot}; readers only ever see published snapshots, so a
 * search never blocks on an enrollment. Publishing copies only the bitmaps a write touched.
 */
final class Shard {

    /** Where a subject's rows live; its rows are contiguous because a subject is appended whole. */
    record Placement(int firstRow, int rowCount) {
    }

    /**
     * Per row: which subject (rows of one subject share it), its face or finger slot (-1 in the
     * other) and, for a finger, its position.
     */
    private int[] subjectOrdinals = new int[256];
    private int[] faceSlots = new int[256];
    private int[] fingerSlots = new int[256];
    private byte[] fingerPositions = new byte[256];
    private final SubjectTable subjectTable = new SubjectTable();
    private final FaceBlock faces = new FaceBlock();
    private final FingerBlock fingers = new FingerBlock();
    private int rowCount;
    private final Map<String, RoaringBitmap> workingIndex = new HashMap<>();
    private final RoaringBitmap workingDeleted = new RoaringBitmap();
    private final Set<String> dirtyKeys = new HashSet<>();
    private boolean deletedDirty;
    /** Per modality (by ordinal): heap of matchable templates, and subjects holding at least one. */
    private final long[] templateMemory = new long[Modality.values().length];
    private final long[] subjects = new long[Modality.values().length];

    private volatile ShardSnapshot snapshot = ShardSnapshot.EMPTY;

    ShardSnapshot snapshot() {
        return snapshot;
    }

    /** Where a present subject's rows are, or null. A reader pairs it with a snapshot and ignores rows that snapshot does not hold yet. */
    synchronized Placement placement(String subjectId) {
        int ordinal = subjectTable.ordinalOf(subjectId);
        return ordinal < 0 ? null : new Placement(subjectTable.firstRow(ordinal), subjectTable.rowCount(ordinal));
    }

    synchronized SubjectView subject(String gallery, String subjectId) {
        int ordinal = subjectTable.ordinalOf(subjectId);
        return ordinal < 0 ? null : subjectTable.view(gallery, ordinal);
    }

    synchronized boolean contains(String subjectId) {
        return subjectTable.ordinalOf(subjectId) >= 0;
    }

    synchronized long templateMemory(Modality modality) {
        return templateMemory[modality.ordinal()];
    }

    synchronized long subjectCount(Modality modality) {
        return subjects[modality.ordinal()];
    }

    synchronized int subjectCount() {
        return subjectTable.size();
    }

    /** Appends a subject's templates; visible to searches after {@link #publish()}. */
    synchronized void add(SubjectView subject, List<Matchable> templates) {
        int first = rowCount;
        int ordinal = subjectTable.add(subject, first, templates.size());
        for (Matchable template : templates) {
            int row = rowCount;
            switch (template) {
                case Matchable.Finger finger -> {
                    append(ordinal, -1, fingers.append(finger.stored()), finger.position());
                    index(Attributes.indexKey(Attributes.FINGER_POSITION, Integer.toString(finger.position())), row);
                    index(Attributes.modalityKey(Modality.FINGERPRINT), row);
                }
                case Matchable.Face face -> {
                    append(ordinal, faces.append(face.stored()), -1, 0);
                    index(Attributes.modalityKey(Modality.FACE), row);
                }
            }
            templateMemory[modalityOf(row).ordinal()] += memory(row);
        }
        countSubject(first, rowCount, +1);
        subject.attributes().forEach((key, value) -> indexRange(Attributes.indexKey(key, value), first, rowCount));
    }

    synchronized void updateAttributes(String subjectId, Map<String, String> attributes) {
        int ordinal = subjectTable.ordinalOf(subjectId);
        int from = subjectTable.firstRow(ordinal);
        int to = from + subjectTable.rowCount(ordinal);
        subjectTable.attributes(ordinal).forEach((key, value) -> {
            String indexKey = Attributes.indexKey(key, value);
            workingIndex.get(indexKey).remove((long) from, (long) to);
            dirtyKeys.add(indexKey);
        });
        attributes.forEach((key, value) -> indexRange(Attributes.indexKey(key, value), from, to));
        subjectTable.setAttributes(ordinal, SubjectView.canonical(attributes));
    }

    synchronized void remove(String subjectId) {
        int ordinal = subjectTable.ordinalOf(subjectId);
        int first = subjectTable.firstRow(ordinal);
        int end = first + subjectTable.rowCount(ordinal);
        subjectTable.remove(subjectId);
        workingDeleted.add((long) first, (long) end);
        deletedDirty = true;
        for (int row = first; row < end; row++) {
            templateMemory[modalityOf(row).ordinal()] -= memory(row);
        }
        countSubject(first, end, -1);
    }

    private Modality modalityOf(int row) {
        return faceSlots[row] >= 0 ? Modality.FACE : Modality.FINGERPRINT;
    }

    /** Heap of a row's template: the finger block's bytes for it, or the face block's bytes per face. */
    private long memory(int row) {
        return faceSlots[row] >= 0 ? faces.bytesPerFace() : fingers.bytesOf(fingerSlots[row]);
    }

    /** Adds {@code delta} to the subject count of each modality found in rows [from, to). */
    private void countSubject(int from, int to, int delta) {
        boolean[] seen = new boolean[Modality.values().length];
        for (int row = from; row < to; row++) {
            seen[modalityOf(row).ordinal()] = true;
        }
        for (int m = 0; m < seen.length; m++) {
            if (seen[m]) {
                subjects[m] += delta;
            }
        }
    }

    /** Makes every write so far visible to searches, copying only the bitmaps they touched. */
    synchronized void publish() {
        ShardSnapshot previous = snapshot;
        Map<String, RoaringBitmap> index = new HashMap<>(previous.index());
        for (String key : dirtyKeys) {
            index.put(key, workingIndex.get(key).clone());
        }
        RoaringBitmap deleted = deletedDirty ? workingDeleted.clone() : previous.deleted();
        dirtyKeys.clear();
        deletedDirty = false;
        snapshot = new ShardSnapshot(subjectTable.names(), subjectOrdinals, faceSlots, fingerSlots, fingerPositions,
                rowCount, faces.view(), fingers.view(), Map.copyOf(index), deleted);
    }

    private void append(int subjectOrdinal, int faceSlot, int fingerSlot, int fingerPosition) {
        if (rowCount == subjectOrdinals.length) {
            int grown = rowCount + (rowCount >> 1);
            subjectOrdinals = Arrays.copyOf(subjectOrdinals, grown);
            faceSlots = Arrays.copyOf(faceSlots, grown);
            fingerSlots = Arrays.copyOf(fingerSlots, grown);
            fingerPositions = Arrays.copyOf(fingerPositions, grown);
        }
        subjectOrdinals[rowCount] = subjectOrdinal;
        faceSlots[rowCount] = faceSlot;
        fingerSlots[rowCount] = fingerSlot;
        fingerPositions[rowCount] = (byte) fingerPosition;
        rowCount++;
    }

    private void index(String key, int row) {
        workingIndex.computeIfAbsent(key, k -> new RoaringBitmap()).add(row);
        dirtyKeys.add(key);
    }

    private void indexRange(String key, int from, int to) {
        workingIndex.computeIfAbsent(key, k -> new RoaringBitmap()).add((long) from, (long) to);
        dirtyKeys.add(key);
    }
}
