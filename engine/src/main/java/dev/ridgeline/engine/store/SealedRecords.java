package dev.ridgeline.engine.store;

import dev.ridgeline.engine.gallery.SubjectRecord;

/**
 * Subject records (and other bytes) sealed with the store key, for places other than the RocksDB
 * store that must not hold them in clear: another store, or a cluster's shared memory and network.
 * A sealed subject is bound to its gallery and id (the RocksDB key is its associated data), so the
 * same bytes open in every store and a record moved to another subject fails authentication.
 * Without a current key the bytes are plain, as in a store written without encryption.
 */
public final class SealedRecords {

    private final RecordSealer sealer;

    public SealedRecords(KeyRing keys) {
        this.sealer = new RecordSealer(keys);
    }

    RecordSealer sealer() {
        return sealer;
    }

    public byte[] seal(String gallery, SubjectRecord record) {
        return sealer.seal(SubjectStore.subjectKey(gallery, record.subjectId()), RecordCodec.encodeSubject(record));
    }

    /** @throws StoreCorruptionException when the bytes do not open under the key ring for this subject */
    public SubjectRecord open(String gallery, String subjectId, byte[] sealed) {
        byte[] key = SubjectStore.subjectKey(gallery, subjectId);
        return RecordCodec.decodeSubject(sealer.open(key, sealed, SubjectStore.describe(key)));
    }

    /** Seals any bytes, bound to {@code context} (which must be given again to open them). */
    public byte[] seal(byte[] context, byte[] plain) {
        return sealer.seal(context, plain);
    }

    /** @param what names the bytes in error messages */
    public byte[] open(byte[] context, byte[] sealed, String what) {
        return sealer.open(context, sealed, what);
    }
}
