package dev.ridgeline.server.cli;

import dev.ridgeline.server.federation.PartnerAuditReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Reports from the audit log.",
        subcommands = {AuditCommand.Partners.class})
final class AuditCommand {

    @Command(name = "partners", mixinStandardHelpOptions = true,
            description = {"Per partner deployment: what it asked of us and what we asked of it (docs/FEDERATION.md).",
                "Reads DATA_DIR/audit/audit.log and its rotated files; the service may keep running."})
    static final class Partners implements Callable<Integer> {

        @Option(names = "--since", required = true, paramLabel = "DATE",
                description = "From this UTC day (YYYY-MM-DD) or instant (2026-12-01T08:00:00Z) on.")
        String since;

        @Option(names = "--data-dir", defaultValue = "data", description = "The service's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--audit-dir", paramLabel = "DIR", description = "The audit directory, if serve was given --audit-dir.")
        Path auditDir;

        @Override
        public Integer call() {
            Instant from;
            try {
                from = since.contains("T") ? Instant.parse(since) : LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                System.err.println("audit partners: --since '" + since + "' is neither YYYY-MM-DD nor an ISO instant");
                return 2;
            }
            try {
                Path directory = auditDir != null ? auditDir : dataDir.resolve("audit");
                System.out.print(PartnerAuditReport.render(PartnerAuditReport.read(directory, from), from));
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("audit partners: " + e.getMessage());
                return 2;
            }
        }
    }
}
