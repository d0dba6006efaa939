package dev.ridgeline.cluster;

import com.hazelcast.map.IMap;
import dev.ridgeline.engine.EngineException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lock per gallery across the cluster, held by a duplicate-checked enrollment from its search
 * to its acknowledged write, so two such enrollments of the same person on different members see
 * each other (one node does the same with a lock of its own). It is a key lock of a small grid map
 * of its own (open-source Hazelcast; no CP subsystem): held on the gallery name's partition owner
 * and its backup, and released by the cluster when the member holding it dies.
 */
final class DuplicateCheckLocks {

    /** Longer than a duplicate search (its deadline) and a write take together. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A holder stuck past this loses the lock rather than block the gallery's checked enrollments for good. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(DuplicateCheckLocks.class);

    private final IMap<String, Boolean> locks;

    DuplicateCheckLocks(IMap<String, Boolean> locks) {
        this.locks = locks;
    }

    /**
     * Runs {@code checkAndWrite} holding the gallery's lock.
     *
     * @throws EngineException UNAVAILABLE when the lock is not free within {@link #WAIT}
     */
    <T> T holding(String gallery, Supplier<T> checkAndWrite) {
        boolean locked = ClusterMember.grid(() -> {
            try {
                return locks.tryLock(gallery, WAIT.toMillis(), TimeUnit.MILLISECONDS, LEASE.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted waiting for the duplicate check", e);
            }
        });
        if (!locked) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "gallery '" + gallery
                    + "' is busy: another duplicate-checked enrollment held it for " + WAIT.toSeconds() + " s");
        }
        try {
            return checkAndWrite.get();
        } finally {
            unlock(gallery);
        }
    }

    private void unlock(String gallery) {
        try {
            locks.unlock(gallery);
        } catch (RuntimeException e) {
            // The lease ran out (or the cluster is going): the write above stands either way.
            LOG.warn("the duplicate-check lock of gallery '{}' was no longer held: {}", gallery, e.toString());
        }
    }
}
