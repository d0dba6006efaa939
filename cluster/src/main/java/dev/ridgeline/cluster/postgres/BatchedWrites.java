package dev.ridgeline.cluster.postgres;

import dev.ridgeline.cluster.SubjectKey;
import dev.ridgeline.engine.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes sealed subjects arriving from many threads at once, committing all those waiting in one
 * transaction: one commit (and one flush of PostgreSQL's log) per batch instead of per subject.
 * Each caller returns only once the transaction holding its subject has committed, so a write
 * is still acknowledged only when it is durable. A batch refused as a whole (one row PostgreSQL
 * rejects) is written again row by row, so only that row fails.
 */
public final class BatchedWrites implements AutoCloseable {

    /** Bounds a transaction's size; a batch forms only from writes already waiting, so a lone write is not delayed. */
    private static final int MAX_BATCH = 500;

    private record Write(SubjectKey key, byte[] record, CompletableFuture<Void> committed) {
    }

    private final PostgresStore store;
    private final BlockingQueue<Write> waiting = new LinkedBlockingQueue<>();
    private final Thread committer;

    public BatchedWrites(PostgresStore store) {
        this.store = store;
        this.committer = Thread.ofPlatform().daemon().name("ridgeline-postgres-commits").start(this::commitWhileOpen);
    }

    /**
     * Writes one sealed subject; returns once it is committed.
     *
     * @throws EngineException UNAVAILABLE when PostgreSQL is unreachable or this member is closing,
     *                         STORAGE_FAILURE when it refused the row
     */
    public void write(SubjectKey key, byte[] record) {
        Write write = new Write(key, record, new CompletableFuture<>());
        waiting.add(write);
        try {
            // A committer gone (the member closing) fails the writes it saw; one added after it went is failed here.
            while (true) {
                try {
                    write.committed().get(1, TimeUnit.SECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (!committer.isAlive() && waiting.remove(write)) {
                        throw closing();
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new EngineException(EngineException.Kind.STORAGE_FAILURE, e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted waiting for PostgreSQL", e);
        }
    }

    private void commitWhileOpen() {
        List<Write> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(waiting.take());
                waiting.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            batch.addAll(waiting);
            batch.forEach(write -> write.committed().completeExceptionally(closing()));
        }
    }

    private void commit(List<Write> batch) {
        Map<SubjectKey, byte[]> records = new LinkedHashMap<>();
        batch.forEach(write -> records.put(write.key(), write.record()));
        try {
            store.putSealed(records);
            batch.forEach(write -> write.committed().complete(null));
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.STORAGE_FAILURE && batch.size() > 1) {
                batch.forEach(write -> commit(List.of(write)));
            } else {
                batch.forEach(write -> write.committed().completeExceptionally(e));
            }
        } catch (RuntimeException e) {
            batch.forEach(write -> write.committed().completeExceptionally(e));
        }
    }

    private static EngineException closing() {
        return new EngineException(EngineException.Kind.UNAVAILABLE, "this member is closing: the write was not made");
    }

    /** Fails the writes still waiting; one being committed completes first. */
    @Override
    public void close() {
        committer.interrupt();
    }
}
