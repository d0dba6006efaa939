package dev.ridgeline.engine;

import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.store.SubjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Rebuilds a gallery from the store on every core: one thread reads the store and hands chunks
 * of encoded records to a pool, whose threads decode them, make the templates matchable
 * (deserializing fingerprint templates is the expensive part of a restart) and add each subject
 * whole to the gallery. The reading thread does nothing else: with a million small face records
 * it is the one to keep short.
 * Subjects may land in any order; searches do not depend on it.
 */
final class GalleryLoader {

    /** Records per task: large enough that handing over costs nothing, small enough to spread evenly. */
    private static final int CHUNK = 1000;

    private final ExecutorService pool;
    /** Chunks read but not yet added: keeps every worker busy without reading the whole store ahead. */
    private final int chunksInFlight;

    GalleryLoader(ExecutorService pool, int workers) {
        this.pool = pool;
        this.chunksInFlight = 2 * workers;
    }

    /**
     * Adds every stored subject of the gallery, unpublished, then publishes it.
     *
     * @param added told the running count of subjects added, about once per chunk, on the calling thread
     * @return how many subjects were added
     */
    long load(SubjectStore store, Gallery gallery, LongConsumer added) {
        Semaphore slots = new Semaphore(chunksInFlight);
        AtomicLong count = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<SubjectStore.EncodedSubject> chunk = new ArrayList<>(CHUNK);
        store.forEachEncodedSubject(gallery.name(), encoded -> {
            chunk.add(encoded);
            if (chunk.size() == CHUNK) {
                submit(List.copyOf(chunk), gallery, slots, count, failure);
                chunk.clear();
                added.accept(count.get());
            }
        });
        submit(List.copyOf(chunk), gallery, slots, count, failure);
        acquire(slots, chunksInFlight);
        if (failure.get() != null) {
            throw failure.get();
        }
        gallery.publishAll();
        added.accept(count.get());
        return count.get();
    }

    private void submit(List<SubjectStore.EncodedSubject> chunk, Gallery gallery, Semaphore slots, AtomicLong count,
                        AtomicReference<RuntimeException> failure) {
        if (failure.get() != null) {
            throw failure.get();
        }
        acquire(slots, 1);
        pool.execute(() -> {
            try {
                for (SubjectStore.EncodedSubject encoded : chunk) {
                    SubjectRecord record = encoded.decode();
                    List<Matchable> templates = record.templates().stream().map(Matchable::stored).toList();
                    gallery.add(record, templates, false);
                    count.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    private static void acquire(Semaphore slots, int permits) {
        try {
            slots.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted while loading the galleries", e);
        }
    }
}
