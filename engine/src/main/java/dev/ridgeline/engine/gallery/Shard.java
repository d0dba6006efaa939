package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.template.Modality;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * One partition of a gallery. Writers change a private working state under the shard's lock and
 * publish an immutable {@link ShardSnapshot}; readers only ever see published snapshots, so a
 * search never blocks on an enrollment. Publishing copies only the bitmaps a write touched.
 */
final class Shard {

    /** Where a subject's rows live; its rows are contiguous because a subject is appended whole. */
    record Placement(SubjectView subject, int firstRow, int rowCount) {
    }

    private GalleryRow[] rows = new GalleryRow[256];
    /** Per row: which subject (rows of one subject share it), and its face or finger slot (-1 in the other). */
    private int[] subjectOrdinals = new int[256];
    private int[] faceSlots = new int[256];
    private int[] fingerSlots = new int[256];
    private int subjectsAdded;
    private final FaceBlock faces = new FaceBlock();
    private final FingerBlock fingers = new FingerBlock();
    private int rowCount;
    private final Map<String, RoaringBitmap> workingIndex = new HashMap<>();
    private final RoaringBitmap workingDeleted = new RoaringBitmap();
    private final Set<String> dirtyKeys = new HashSet<>();
    private boolean deletedDirty;
    /**
     * Read without the lock (copying it per write would cost O(subjects)); a reader pairs an
     * entry with a snapshot and ignores rows that snapshot does not hold yet.
     */
    private final Map<String, Placement> placements = new ConcurrentHashMap<>();
    /** Per modality (by ordinal): heap of matchable templates, and subjects holding at least one. */
    private final long[] templateMemory = new long[Modality.values().length];
    private final long[] subjects = new long[Modality.values().length];

    private volatile ShardSnapshot snapshot = ShardSnapshot.EMPTY;

    ShardSnapshot snapshot() {
        return snapshot;
    }

    Placement placement(String subjectId) {
        return placements.get(subjectId);
    }

    boolean contains(String subjectId) {
        return placements.containsKey(subjectId);
    }

    synchronized long templateMemory(Modality modality) {
        return templateMemory[modality.ordinal()];
    }

    synchronized long subjectCount(Modality modality) {
        return subjects[modality.ordinal()];
    }

    int subjectCount() {
        return placements.size();
    }

    /** Appends a subject's templates; visible to searches after {@link #publish()}. */
    synchronized void add(SubjectView subject, List<Matchable> templates) {
        int first = rowCount;
        int ordinal = subjectsAdded++;
        for (Matchable template : templates) {
            int row = rowCount;
            switch (template) {
                case Matchable.Finger finger -> {
                    append(new FingerRow(subject.subjectId(), finger.position()), ordinal, -1,
                            fingers.append(finger.stored()));
                    index(Attributes.indexKey(Attributes.FINGER_POSITION, Integer.toString(finger.position())), row);
                    index(Attributes.modalityKey(Modality.FINGERPRINT), row);
                }
                case Matchable.Face face -> {
                    append(new FaceRow(subject.subjectId()), ordinal, faces.append(face.stored()), -1);
                    index(Attributes.modalityKey(Modality.FACE), row);
                }
            }
            templateMemory[rows[row].modality().ordinal()] += memory(row);
        }
        countSubject(first, rowCount, +1);
        subject.attributes().forEach((key, value) -> indexRange(Attributes.indexKey(key, value), first, rowCount));
        placements.put(subject.subjectId(), new Placement(subject, first, templates.size()));
    }

    synchronized void updateAttributes(String subjectId, Map<String, String> attributes) {
        Placement placement = placements.get(subjectId);
        int from = placement.firstRow();
        int to = from + placement.rowCount();
        placement.subject().attributes().forEach((key, value) -> {
            String indexKey = Attributes.indexKey(key, value);
            workingIndex.get(indexKey).remove((long) from, (long) to);
            dirtyKeys.add(indexKey);
        });
        attributes.forEach((key, value) -> indexRange(Attributes.indexKey(key, value), from, to));
        placements.put(subjectId, new Placement(placement.subject().withAttributes(attributes), from, placement.rowCount()));
    }

    synchronized void remove(String subjectId) {
        Placement placement = placements.remove(subjectId);
        workingDeleted.add((long) placement.firstRow(), (long) placement.firstRow() + placement.rowCount());
        deletedDirty = true;
        int end = placement.firstRow() + placement.rowCount();
        for (int row = placement.firstRow(); row < end; row++) {
            templateMemory[rows[row].modality().ordinal()] -= memory(row);
        }
        countSubject(placement.firstRow(), end, -1);
    }

    /** Heap of a row's template: the finger block's bytes for it, or the face block's bytes per face. */
    private long memory(int row) {
        return switch (rows[row]) {
            case FingerRow finger -> fingers.bytesOf(fingerSlots[row]);
            case FaceRow face -> faces.bytesPerFace();
        };
    }

    /** Adds {@code delta} to the subject count of each modality found in rows [from, to). */
    private void countSubject(int from, int to, int delta) {
        boolean[] seen = new boolean[Modality.values().length];
        for (int row = from; row < to; row++) {
            seen[rows[row].modality().ordinal()] = true;
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
        snapshot = new ShardSnapshot(rows, subjectOrdinals, faceSlots, fingerSlots, rowCount, faces.view(), fingers.view(),
                Map.copyOf(index), deleted);
    }

    private void append(GalleryRow row, int subjectOrdinal, int faceSlot, int fingerSlot) {
        if (rowCount == rows.length) {
            rows = Arrays.copyOf(rows, rows.length * 2);
            subjectOrdinals = Arrays.copyOf(subjectOrdinals, rows.length);
            faceSlots = Arrays.copyOf(faceSlots, rows.length);
            fingerSlots = Arrays.copyOf(fingerSlots, rows.length);
        }
        subjectOrdinals[rowCount] = subjectOrdinal;
        faceSlots[rowCount] = faceSlot;
        fingerSlots[rowCount] = fingerSlot;
        rows[rowCount++] = row;
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
