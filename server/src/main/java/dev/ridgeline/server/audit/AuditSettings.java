package dev.ridgeline.server.audit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the audit log goes and how it is kept.
 *
 * @param directory    holds {@code audit.log} and its rotated predecessors {@code audit.log.1} (newest) ...
 * @param maxFileBytes a file is rotated once it reaches this size
 * @param keepFiles    rotated files kept; older ones are deleted
 * @param syncInterval how often written lines are forced to disk; zero forces every line
 */
public record AuditSettings(Path directory, long maxFileBytes, int keepFiles, Duration syncInterval) {

    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
    public static final int DEFAULT_KEEP_FILES = 20;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    public AuditSettings {
        if (maxFileBytes < 1024 || keepFiles < 1 || syncInterval.isNegative()) {
            throw new IllegalArgumentException("audit log: files of at least 1024 bytes, at least one kept, a sync"
                    + " interval of zero or more; got " + maxFileBytes + " bytes, " + keepFiles + " kept, " + syncInterval);
        }
    }
}
