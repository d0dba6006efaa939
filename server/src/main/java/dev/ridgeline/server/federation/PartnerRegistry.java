package dev.ridgeline.server.federation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partners in force: read from the partner file at start, and again whenever it changes, so a
 * partner is revoked by removing it (or changing its pinned identity) without a restart. A file
 * that no longer reads fails closed: no partner is allowed until it is fixed.
 */
final class PartnerRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.federation");

    private final Path file;
    private final ScheduledExecutorService watcher;
    private final List<Consumer<Partners>> listeners = new CopyOnWriteArrayList<>();
    private volatile Partners current;
    private String lastProblem;

    /** Reads the file (an unreadable one is an {@link IllegalArgumentException}) and re-reads it every {@code interval}. */
    PartnerRegistry(Path file, Duration interval) {
        this.file = file;
        this.current = PartnerFile.load(file);
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ridgeline-partner-file");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(10, interval.toMillis());
        watcher.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
    }

    Partners current() {
        return current;
    }

    /** Called with the new partners after each change. */
    void onChange(Consumer<Partners> listener) {
        listeners.add(listener);
    }

    /** The file and its CA files are small: reading them all each time also notices a replaced CA file. */
    private void reload() {
        Partners read;
        try {
            read = PartnerFile.load(file);
            lastProblem = null;
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals(lastProblem)) {
                LOG.error("{}; no partner is allowed until the file is fixed", e.getMessage());
                lastProblem = e.getMessage();
            }
            read = Partners.NONE;
        }
        if (!read.equals(current)) {
            Partners changed = read;
            current = changed;
            LOG.info("partner file {} changed: partners now {}", file, changed.byName().keySet());
            for (Consumer<Partners> listener : listeners) {
                try {
                    listener.accept(changed);
                } catch (RuntimeException e) {
                    // a failing listener must not stop the file from being watched
                    LOG.error("after the partner file changed: {}", e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
