package dev.ridgeline.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Subject records sealed with AES-GCM: what lands on disk, and what happens with the wrong key. */
class StoreEncryptionTest {

    static final KeyRing KEY_A = KeyRing.parse("a=" + KeyRingTest.base64(1), "test");
    static final KeyRing KEY_B = KeyRing.parse("b=" + KeyRingTest.base64(2), "test");
    /** Same id as A, other key material: only authentication can tell. */
    static final KeyRing IMPOSTOR_A = KeyRing.parse("a=" + KeyRingTest.base64(9), "test");

    @TempDir
    Path directory;

    private static byte[] payload(String id) {
        byte[] payload = new byte[200];
        new Random(id.hashCode()).nextBytes(payload);
        return payload;
    }

    private static SubjectRecord subject(String id) {
        TemplateEnvelope template = new TemplateEnvelope(Modality.FINGERPRINT, "sourceafis", "3.18.1", 2, 0, 31,
                payload(id));
        return new SubjectRecord(id, Map.of("programme", "SENTRI"), List.of(template), Instant.ofEpochMilli(1_000));
    }

    private static byte[] key(String gallery, String id) {
        return ("S" + gallery + "\0" + id).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] rawValue(String gallery, String id) throws Exception {
        try (Options options = new Options(); RocksDB db = RocksDB.openReadOnly(options, directory.toString())) {
            return db.get(key(gallery, id));
        }
    }

    private void putRaw(String gallery, String id, byte[] value) throws Exception {
        try (Options options = new Options(); RocksDB db = RocksDB.open(options, directory.toString())) {
            db.put(key(gallery, id), value);
        }
    }

    private List<SubjectRecord> readAll(KeyRing keys) {
        try (SubjectStore store = SubjectStore.open(directory, keys)) {
            List<SubjectRecord> records = new ArrayList<>();
            store.forEachSubject("nexus", records::add);
            return records;
        }
    }

    private void write(KeyRing keys, String... ids) {
        try (SubjectStore store = SubjectStore.open(directory, keys)) {
            for (String id : ids) {
                store.putSubject("nexus", subject(id));
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void storedBytesAreSealedAndHideTheTemplate() throws Exception {
        write(KEY_A, "A1");
        byte[] stored = rawValue("nexus", "A1");
        byte[] plain = RecordCodec.encodeSubject(subject("A1"));
        assertThat(stored).isNotEqualTo(plain);
        assertThat(stored[0] & 0xff).isEqualTo(RecordSealer.SEALED_FORMAT);
        assertThat(RecordSealer.keyId(stored)).contains("a");
        assertThat(indexOf(stored, payload("A1"))).as("template bytes in the stored value").isEqualTo(-1);
        assertThat(indexOf(stored, "SENTRI".getBytes(StandardCharsets.UTF_8))).as("attribute value").isEqualTo(-1);
        assertThat(readAll(KEY_A)).singleElement().satisfies(record -> assertThat(record.templates().getFirst().payload())
                .isEqualTo(payload("A1")));
    }

    @Test
    void withoutAKeyRecordsStayPlainAsBefore() throws Exception {
        write(KeyRing.NONE, "P1");
        assertThat(rawValue("nexus", "P1")).isEqualTo(RecordCodec.encodeSubject(subject("P1")));
        assertThat(readAll(KEY_A)).extracting(SubjectRecord::subjectId).containsExactly("P1");
    }

    @Test
    void aMissingOrWrongKeyFailsNamingTheRecordAndTheKeyId() {
        write(KEY_A, "A1");
        assertThatThrownBy(() -> readAll(KeyRing.NONE)).isInstanceOf(StoreCorruptionException.class)
                .hasMessageStartingWith("subject 'A1' in gallery 'nexus' was encrypted with key id a, which is not"
                        + " configured");
        assertThatThrownBy(() -> readAll(KEY_B)).isInstanceOf(StoreCorruptionException.class)
                .hasMessageContaining("was encrypted with key id a, which is not configured");
        assertThatThrownBy(() -> readAll(IMPOSTOR_A)).isInstanceOf(StoreCorruptionException.class)
                .hasMessage("subject 'A1' in gallery 'nexus' failed authentication under key id a: wrong key or"
                        + " corrupted record");
    }

    @Test
    void aFlippedCiphertextByteOrAMovedRecordIsDetected() throws Exception {
        write(KEY_A, "A1", "A2");
        byte[] stored = rawValue("nexus", "A1");
        byte[] flipped = stored.clone();
        flipped[flipped.length - 40] ^= 0x01;
        putRaw("nexus", "A1", flipped);
        // A1's intact record copied over A2: the RocksDB key is authenticated, so it does not pass as A2.
        putRaw("nexus", "A2", stored);
        try (SubjectStore store = SubjectStore.open(directory, KEY_A)) {
            assertThatThrownBy(() -> store.subject("nexus", "A1"))
                    .hasMessage("subject 'A1' in gallery 'nexus' failed authentication under key id a: wrong key or"
                            + " corrupted record");
            assertThatThrownBy(() -> store.subject("nexus", "A2"))
                    .hasMessageStartingWith("subject 'A2' in gallery 'nexus' failed authentication");
        }
    }

    @Test
    void reencryptionMovesEveryRecordToTheNewKeyAndResumes() {
        write(KeyRing.NONE, "P1", "P2");
        write(KEY_A, "A1", "A2", "A3");
        StoreReencryption.Result first;
        try (SubjectStore store = SubjectStore.open(directory, KEY_B.readingAlso(KEY_A))) {
            first = StoreReencryption.run(store, examined -> { });
        }
        assertThat(first).isEqualTo(new StoreReencryption.Result(5, 5, 0));
        assertThat(readAll(KEY_B)).extracting(SubjectRecord::subjectId).containsExactly("A1", "A2", "A3", "P1", "P2");
        assertThat(readAll(KEY_B)).allSatisfy(record ->
                assertThat(record.templates().getFirst().payload()).isEqualTo(payload(record.subjectId())));
        assertThatThrownBy(() -> readAll(KEY_A)).hasMessageContaining("was encrypted with key id b, which is not configured");

        // A second run (as after a crash midway) finds nothing left to do.
        try (SubjectStore store = SubjectStore.open(directory, KEY_B.readingAlso(KEY_A))) {
            assertThat(StoreReencryption.run(store, examined -> { })).isEqualTo(new StoreReencryption.Result(5, 0, 5));
        }
        // And back to plain: no current key, reading B.
        try (SubjectStore store = SubjectStore.open(directory, KeyRing.NONE.readingAlso(KEY_B))) {
            assertThat(StoreReencryption.run(store, examined -> { }).rewritten()).isEqualTo(5);
        }
        assertThat(readAll(KeyRing.NONE)).hasSize(5);
    }

    @Test
    void aHalfDoneReencryptionResumesWithBothKeys() throws Exception {
        String[] ids = new String[StoreReencryption.BATCH + 10];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "S" + i;
        }
        write(KEY_A, ids);
        // As a run stopped after its first synced batch would leave it: some records under B, the rest under A.
        try (SubjectStore store = SubjectStore.open(directory, KEY_B.readingAlso(KEY_A))) {
            store.putSubject("nexus", subject("S1"));
            store.putSubject("nexus", subject("S2"));
        }
        assertThatThrownBy(() -> readAll(KEY_B)).hasMessageContaining("key id a, which is not configured");
        try (SubjectStore store = SubjectStore.open(directory, KEY_B.readingAlso(KEY_A))) {
            List<Long> progress = new ArrayList<>();
            assertThat(StoreReencryption.run(store, progress::add))
                    .isEqualTo(new StoreReencryption.Result(ids.length, ids.length - 2, 2));
            assertThat(progress).last().isEqualTo((long) ids.length);
        }
        assertThat(readAll(KEY_B)).hasSize(ids.length);
    }
}
