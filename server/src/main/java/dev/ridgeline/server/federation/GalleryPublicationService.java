package dev.ridgeline.server.federation;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.ChangeBatch;
import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.GalleryChange;
import dev.ridgeline.api.v1.GalleryPublicationGrpc;
import dev.ridgeline.api.v1.SubscribeRequest;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.store.ChangeFeed;
import dev.ridgeline.server.federation.PartnerAuthentication.PartnerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing side of a shared look-out list: streams a gallery's changes, in order, from where
 * the partner's copy left off, to a partner whose agreement publishes the gallery to it. Each
 * change goes out as the agreement discloses it (attributes it names, pseudonymous ids under
 * hit/no-hit). The agreement is checked again before each batch, so a partner dropped from the
 * file, or a publication withdrawn, ends the stream within a heartbeat.
 */
final class GalleryPublicationService extends GalleryPublicationGrpc.GalleryPublicationImplBase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.federation");
    /** Changes per message: each carries a subject's templates, a few KB. */
    static final int BATCH = 256;
    /** How often an idle stream reports the head, so the copy knows its lag and the link is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final Ridgeline engine;
    private final ChangeFeed feed;
    private final Supplier<Partners> partners;
    private final Pseudonyms pseudonyms;
    private final FederationAudit audit;
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();

    /** @param feed the store's change log; null where there is none (a cluster member), which publishes nothing */
    GalleryPublicationService(Ridgeline engine, ChangeFeed feed, Supplier<Partners> partners, Pseudonyms pseudonyms,
                              FederationAudit audit) {
        this.engine = engine;
        this.feed = feed;
        this.partners = partners;
        this.pseudonyms = pseudonyms;
        this.audit = audit;
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<ChangeBatch> observer) {
        PartnerCall call = PartnerAuthentication.current();
        Stream stream = new Stream(call, request.getGallery(), request.getAfterSequence(),
                (ServerCallStreamObserver<ChangeBatch>) observer);
        Optional<String> denial = denial(call.partner(), request.getGallery());
        if (denial.isPresent()) {
            stream.end(Status.PERMISSION_DENIED.withDescription(denial.get()));
            return;
        }
        if (feed == null) {
            stream.end(Status.UNIMPLEMENTED.withDescription(
                    "this deployment keeps no change log (a cluster member): it cannot publish galleries"));
            return;
        }
        GalleryConfig gallery;
        try {
            gallery = engine.describeGallery(request.getGallery()).config();
        } catch (EngineException e) {
            stream.end((e.kind() == EngineException.Kind.NOT_FOUND ? Status.NOT_FOUND : Status.UNAVAILABLE)
                    .withDescription(e.getMessage()));
            return;
        }
        stream.started(gallery);
    }

    /** Ends every open stream (UNAVAILABLE), so that the federation port can stop at once. */
    @Override
    public void close() {
        streaming.forEach(Thread::interrupt);
    }

    /** Why {@code partner} may not subscribe to {@code gallery} now, or empty when its agreement publishes it. */
    private static Optional<String> denial(Partner partner, String gallery) {
        if (partner.agreement().published().contains(gallery)) {
            return Optional.empty();
        }
        return Optional.of("the agreement with partner '" + partner.name() + "' does not publish gallery '" + gallery
                + "' (it publishes: " + (partner.agreement().published().isEmpty() ? "none"
                : String.join(", ", new TreeSet<>(partner.agreement().published()))) + ")");
    }

    /** One open subscription, sent from its own virtual thread as fast as the partner reads. */
    private final class Stream {
        private final PartnerCall call;
        private final String gallery;
        private final long from;
        private final ServerCallStreamObserver<ChangeBatch> observer;
        private final Object ready = new Object();
        private long sent;

        Stream(PartnerCall call, String gallery, long from, ServerCallStreamObserver<ChangeBatch> observer) {
            this.call = call;
            this.gallery = gallery;
            this.from = from;
            this.sent = from;
            this.observer = observer;
        }

        void started(GalleryConfig config) {
            observer.setOnReadyHandler(this::wake);
            observer.setOnCancelHandler(this::wake);
            write("start", null, null);
            LOG.info("partner '{}' subscribed to gallery '{}' after change {}", call.partner().name(), gallery, from);
            Thread.ofVirtual().name("ridgeline-publish-" + call.partner().name() + "-" + gallery).start(() -> {
                streaming.add(Thread.currentThread());
                try {
                    run(config);
                } catch (StatusException e) {
                    end(e.getStatus());
                } catch (InterruptedException e) {
                    end(Status.UNAVAILABLE.withDescription("the publishing deployment is shutting down"));
                } catch (RuntimeException e) {
                    LOG.error("publishing gallery '{}' to partner '{}' failed", gallery, call.partner().name(), e);
                    end(Status.INTERNAL.withDescription("publishing failed: " + e.getMessage()));
                } finally {
                    streaming.remove(Thread.currentThread());
                }
            });
        }

        private void run(GalleryConfig config) throws StatusException, InterruptedException {
            while (!observer.isCancelled()) {
                Partner partner = stillPublished(config);
                feed.awaitBeyond(gallery, sent, HEARTBEAT);
                ChangeBatch.Builder batch = ChangeBatch.newBuilder().setGallery(gallery)
                        .setGalleryCreatedMs(config.created().toEpochMilli())
                        .setDefaultTargetFmr(config.defaultTargetFmr());
                for (ChangeFeed.Change change : feed.after(gallery, sent, BATCH)) {
                    batch.addChanges(disclosed(partner, change));
                }
                batch.setHeadSequence(feed.head(gallery)); // read last: changes logged meanwhile count as lag
                awaitReady();
                if (observer.isCancelled()) {
                    break;
                }
                observer.onNext(batch.build());
                if (batch.getChangesCount() > 0) {
                    sent = batch.getChanges(batch.getChangesCount() - 1).getSequence();
                }
            }
            write("stop", Status.Code.CANCELLED.name(), "the subscriber closed the stream");
        }

        /** The partner as the file names it now, if it still is the caller and still has the gallery published. */
        private Partner stillPublished(GalleryConfig config) throws StatusException {
            Partner now = partners.get().named(call.partner().name())
                    .filter(partner -> partner.ca().equals(call.partner().ca())
                            && partner.subject().equals(call.partner().subject()))
                    .orElseThrow(() -> Status.PERMISSION_DENIED.withDescription("partner '" + call.partner().name()
                            + "' is no longer in the partner file").asException());
            Optional<String> denial = denial(now, gallery);
            if (denial.isPresent()) {
                throw Status.PERMISSION_DENIED.withDescription(denial.get()).asException();
            }
            try {
                if (!engine.describeGallery(gallery).config().created().equals(config.created())) {
                    throw Status.ABORTED.withDescription("gallery '" + gallery
                            + "' was deleted and created again: subscribe again to copy the new one").asException();
                }
            } catch (EngineException e) {
                throw Status.NOT_FOUND.withDescription(e.getMessage()).asException();
            }
            return now;
        }

        private GalleryChange disclosed(Partner partner, ChangeFeed.Change change) {
            Agreement agreement = partner.agreement();
            String subjectId = agreement.disclosure() == Disclosure.HIT_NO_HIT
                    ? pseudonyms.of(partner.name(), gallery, change.subjectId()) : change.subjectId();
            GalleryChange.Builder disclosed = GalleryChange.newBuilder().setSequence(change.sequence())
                    .setSubjectId(subjectId).setLoggedMs(change.logged().toEpochMilli())
                    .setDeleted(change.deleted());
            change.subject().ifPresent(subject -> disclosed
                    .addAllTemplates(subject.templates().stream().map(t -> ByteString.copyFrom(t.toBytes())).toList())
                    .putAllAttributes(attributes(subject, agreement)));
            return disclosed.build();
        }

        private static Map<String, String> attributes(SubjectRecord subject, Agreement agreement) {
            if (agreement.disclosure() != Disclosure.ATTRIBUTES) {
                return Map.of();
            }
            return subject.attributes().entrySet().stream()
                    .filter(attribute -> agreement.attributes().contains(attribute.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        private void awaitReady() throws InterruptedException {
            synchronized (ready) {
                while (!observer.isReady() && !observer.isCancelled()) {
                    ready.wait(100);
                }
            }
        }

        private void wake() {
            synchronized (ready) {
                ready.notifyAll();
            }
        }

        void end(Status status) {
            write("stop", status.getCode().name(), status.getDescription());
            LOG.info("subscription of partner '{}' to gallery '{}' ended at change {}: {} {}", call.partner().name(),
                    gallery, sent, status.getCode(), status.getDescription());
            try {
                observer.onError(status.asRuntimeException());
            } catch (IllegalStateException alreadyClosed) {
                // the subscriber cancelled first: nothing left to tell it
            }
        }

        private void write(String event, String status, String reason) {
            audit.write(new PublicationAuditLine(Instant.now(), "published", event, call.partner().name(), gallery, null,
                    call.peer(), PartnerFile.label(call.partner().agreement().disclosure()), from, sent, status, reason));
        }
    }
}
