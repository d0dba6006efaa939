package dev.ridgeline.server.cli;

import dev.ridgeline.server.audit.AuditSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The `serve` options for the audit log, which `serve` always writes. */
final class AuditOptions {

    @Option(names = "--audit-dir", paramLabel = "DIR", description = "Where the audit log goes (default: DATA_DIR/audit).")
    Path directory;

    @Option(names = "--audit-sync-ms", paramLabel = "MS",
            description = "Force audit lines to disk this often; 0 forces every line (default: ${DEFAULT-VALUE}).")
    long syncMillis = AuditSettings.DEFAULT_SYNC_INTERVAL.toMillis();

    @Option(names = "--audit-max-file-bytes", paramLabel = "BYTES",
            description = "Rotate audit.log at this size (default: ${DEFAULT-VALUE}).")
    long maxFileBytes = AuditSettings.DEFAULT_MAX_FILE_BYTES;

    @Option(names = "--audit-keep", paramLabel = "N", description = "Rotated audit files kept (default: ${DEFAULT-VALUE}).")
    int keep = AuditSettings.DEFAULT_KEEP_FILES;

    AuditSettings settings(Path dataDirectory) {
        return new AuditSettings(directory != null ? directory : dataDirectory.resolve("audit"), maxFileBytes, keep,
                Duration.ofMillis(syncMillis));
    }
}
