package dev.ridgeline.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit file: one JSON object per line, rotated by size, forced to disk on a
 * cadence (or per line), so a crash loses at most one sync interval of lines. Lines never hold
 * images, templates or attribute values: no {@link AuditRecord} has a field for them.
 */
public final class AuditLog implements AutoCloseable {

    static final String FILE_NAME = "audit.log";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final AuditSettings settings;
    private final Path file;
    private final ScheduledExecutorService syncer;
    private FileChannel channel;
    private long size;
    private boolean dirty;

    public AuditLog(AuditSettings settings) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.directory());
        this.file = settings.directory().resolve(FILE_NAME);
        open();
        if (settings.syncInterval().isZero()) {
            this.syncer = null;
        } else {
            this.syncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "ridgeline-audit-sync");
                thread.setDaemon(true);
                return thread;
            });
            long millis = Math.max(1, settings.syncInterval().toMillis());
            syncer.scheduleWithFixedDelay(this::syncQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    public synchronized void write(AuditRecord line) {
        byte[] bytes = (line.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (size > 0 && size + bytes.length > settings.maxFileBytes()) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += bytes.length;
            if (syncer == null) {
                channel.force(false);
            } else {
                dirty = true;
            }
        } catch (IOException e) {
            // an unwritable audit log must not pass silently, but neither may it take the service down
            LOG.error("cannot write the audit log {}: {}", file, e.getMessage());
        }
    }

    /** audit.log becomes audit.log.1, .1 becomes .2 ..., the oldest beyond the kept count goes. */
    private void rotate() throws IOException {
        channel.force(false);
        channel.close();
        Files.deleteIfExists(rotated(settings.keepFiles()));
        for (int i = settings.keepFiles() - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
        dirty = false;
    }

    private Path rotated(int index) {
        return settings.directory().resolve(FILE_NAME + "." + index);
    }

    /**
     * Forces the lines written so far to disk without holding the log: calls write their lines
     * (on the threads that answer them) while the disk flushes, instead of all waiting for it.
     */
    private void syncQuietly() {
        FileChannel syncing;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            syncing = channel;
            dirty = false;
        }
        try {
            syncing.force(false);
        } catch (ClosedChannelException e) {
            // rotated or closed meanwhile: both force the file before closing it
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            LOG.error("cannot sync the audit log {}: {}", file, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (syncer != null) {
            // Not shutdownNow: interrupting a sync in progress would close the channel under it.
            syncer.shutdown();
        }
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit log " + file, e);
        }
    }
}
