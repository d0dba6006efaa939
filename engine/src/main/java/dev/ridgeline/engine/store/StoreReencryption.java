package dev.ridgeline.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Rewrites every subject record of a store under a new key (or plain, with an empty ring). Records
 * already under the target key are left alone, and rewritten records are written in synced
 * batches, each all or nothing: a run stopped midway leaves every record readable under the old
 * or the new key, and running it again with both keys finishes the job.
 */
public final class StoreReencryption {

    /** Records per synced batch: one WAL sync per thousand records, and a bounded batch in memory. */
    static final int BATCH = 1000;

    /** How many records were looked at, rewritten, and found already under the target key. */
    public record Result(long examined, long rewritten, long alreadyCurrent) {
    }

    private StoreReencryption() {
    }

    /**
     * @param store    opened with a ring whose current key is the target and which reads the old keys too
     *                 ({@link KeyRing#readingAlso})
     * @param progress told the number of records examined after every batch
     */
    public static Result run(SubjectStore store, LongConsumer progress) {
        RecordSealer sealer = store.sealer();
        Optional<String> target = sealer.keys().current().map(StoreKey::id);
        List<byte[][]> batch = new ArrayList<>(BATCH);
        long[] counts = new long[3];
        store.forEachStoredSubject((key, stored) -> {
            counts[0]++;
            if (Objects.equals(RecordSealer.keyId(stored), target)) {
                counts[2]++;
                return;
            }
            byte[] plain = sealer.open(key, stored, SubjectStore.describe(key));
            // Decoding proves the record whole before it is rewritten under the new key.
            RecordCodec.decodeSubject(plain);
            batch.add(new byte[][] {key, sealer.seal(key, plain)});
            if (batch.size() == BATCH) {
                store.replaceStored(batch);
                counts[1] += batch.size();
                batch.clear();
                progress.accept(counts[0]);
            }
        });
        store.replaceStored(batch);
        counts[1] += batch.size();
        progress.accept(counts[0]);
        return new Result(counts[0], counts[1], counts[2]);
    }
}
