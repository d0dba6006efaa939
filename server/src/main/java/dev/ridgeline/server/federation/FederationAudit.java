package dev.ridgeline.server.federation;

import dev.ridgeline.server.audit.AuditLog;
import dev.ridgeline.server.audit.AuditRecord;

/** Where partner audit lines go: the service's audit log, or nowhere when it keeps none (tests, the demo). */
final class FederationAudit {

    private final AuditLog log;

    FederationAudit(AuditLog log) {
        this.log = log;
    }

    void write(AuditRecord line) {
        if (log != null) {
            log.write(line);
        }
    }
}
