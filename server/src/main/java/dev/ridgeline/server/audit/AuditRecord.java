package dev.ridgeline.server.audit;

/**
 * One line of the audit log. Each kind of line is a record of identifiers and outcomes whose
 * fields are fixed by its type: none has a field an image, a template or an attribute value could go into.
 */
public interface AuditRecord {

    /** The line as one JSON object, without the newline. */
    String toJson();
}
