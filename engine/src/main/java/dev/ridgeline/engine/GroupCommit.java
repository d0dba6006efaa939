package dev.ridgeline.engine;

import dev.ridgeline.engine.gallery.Gallery;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.match.Matchable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit for enrollments. Callers on any thread hand in subjects and wait; one committer
 * thread takes everything waiting at that moment and commits it as one batch per gallery, so
 * concurrent callers share a WAL sync (and a snapshot publication) instead of paying one each.
 * A caller's future completes only after its batch is durable and searchable.
 */
final class GroupCommit implements AutoCloseable {

    /** A subject ready to store in a gallery: its record and the matchable form of each of its templates. */
    record Enrollment(Gallery gallery, SubjectRecord record, List<Matchable> templates) {
    }

    /** Makes one gallery's batch durable, then searchable; throwing fails every enrollment in it. */
    interface BatchWriter {
        void commit(Gallery gallery, List<Enrollment> batch);
    }

    private record Pending(Enrollment enrollment, CompletableFuture<Void> done) {
    }

    /** Bounds one batch, and so the time the gallery lock is held for it. */
    private static final int MAX_BATCH = 4096;

    private final BatchWriter writer;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private boolean closed;

    GroupCommit(BatchWriter writer) {
        this.writer = writer;
        this.committer = new Thread(this::commitUntilInterrupted, "ridgeline-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** Queues subjects, of any galleries; each future completes once that subject is durable and searchable. */
    synchronized List<CompletableFuture<Void>> submit(List<Enrollment> enrollments) {
        if (closed) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "the engine is shutting down");
        }
        List<CompletableFuture<Void>> done = new ArrayList<>(enrollments.size());
        for (Enrollment enrollment : enrollments) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            queue.add(new Pending(enrollment, future));
            done.add(future);
        }
        return done;
    }

    private void commitUntilInterrupted() {
        try {
            while (true) {
                List<Pending> taken = new ArrayList<>();
                taken.add(queue.take());
                queue.drainTo(taken, MAX_BATCH - 1);
                commit(taken);
            }
        } catch (InterruptedException closing) {
            // close() fails whatever is still queued
        }
    }

    private void commit(List<Pending> taken) {
        Map<Gallery, List<Pending>> byGallery = new IdentityHashMap<>();
        for (Pending pending : taken) {
            byGallery.computeIfAbsent(pending.enrollment().gallery(), g -> new ArrayList<>()).add(pending);
        }
        byGallery.forEach((gallery, batch) -> {
            try {
                writer.commit(gallery, batch.stream().map(Pending::enrollment).toList());
            } catch (RuntimeException e) {
                batch.forEach(pending -> pending.done().completeExceptionally(e));
                return;
            }
            batch.forEach(pending -> pending.done().complete(null));
        });
    }

    /** Stops the committer after the batch it is writing; subjects still queued fail as UNAVAILABLE. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        committer.interrupt();
        try {
            committer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EngineException shuttingDown = new EngineException(EngineException.Kind.UNAVAILABLE,
                "the engine shut down before the enrollment was written");
        for (Pending pending; (pending = queue.poll()) != null; ) {
            pending.done().completeExceptionally(shuttingDown);
        }
    }
}
