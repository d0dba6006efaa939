package dev.ridgeline.server.federation;

import dev.ridgeline.server.audit.AuditRecord;
import dev.ridgeline.server.audit.JsonLine;
import java.time.Instant;

/**
 * A subscription to a published gallery starting or stopping, as each side audits it: the
 * publisher ({@code published}) and the deployment keeping the copy ({@code subscribed}). It names
 * the sequence numbers the stream covered, never a subject.
 *
 * @param side          {@code published} or {@code subscribed}
 * @param event         {@code start} or {@code stop}
 * @param fromSequence  the last change the copy had applied when the stream started
 * @param toSequence    the last change sent (publisher) or applied (subscriber) when it stopped
 * @param status        how the stream ended (a gRPC status code), or null at its start
 */
record PublicationAuditLine(Instant time, String side, String event, String partner, String gallery,
                            String localGallery, String peer, String disclosure, long fromSequence, long toSequence,
                            String status, String reason) implements AuditRecord {

    @Override
    public String toJson() {
        return new JsonLine()
                .field("time", time.toString())
                .field("publication", side)
                .field("event", event)
                .field("partner", partner)
                .field("gallery", gallery)
                .field("local_gallery", localGallery)
                .field("peer", peer)
                .field("disclosure", disclosure)
                .integer("from_sequence", fromSequence)
                .integer("to_sequence", toSequence)
                .field("status", status)
                .field("reason", reason)
                .toString();
    }
}
