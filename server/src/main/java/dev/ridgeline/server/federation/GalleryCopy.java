package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.ChangeBatch;
import dev.ridgeline.api.v1.GalleryChange;
import dev.ridgeline.api.v1.GalleryPublicationGrpc;
import dev.ridgeline.api.v1.SubscribeRequest;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.EnrollOutcome;
import dev.ridgeline.engine.NewSubject;
import dev.ridgeline.engine.Ridgeline;
import dev.ridgeline.engine.Sample;
import dev.ridgeline.engine.gallery.SubjectView;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This deployment's read-only copy of one partner gallery: follows the partner's change stream
 * from the last change applied, applies each change idempotently (an enrollment of a subject the
 * copy holds only sets its attributes, a deletion of one it lacks does nothing), then records the
 * change as applied ({@link CopyCheckpoint}). A broken stream is resumed after a second, from the
 * checkpoint, for as long as the subscription is in the partner file.
 */
final class GalleryCopy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.federation");
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Subscription subscription;
    private final Partner partner;
    private final Ridgeline engine;
    private final PartnerChannels channels;
    private final Path directory;
    private final FederationAudit audit;
    private final Thread follower;
    private volatile CopyCheckpoint checkpoint;
    private volatile Context.CancellableContext stream;
    private volatile boolean closed;
    /** Whether the current stream has delivered its first batch (and its start was audited). */
    private boolean streaming;

    /** Starts following; {@code directory} holds the copies' checkpoints. */
    GalleryCopy(Subscription subscription, Partner partner, Ridgeline engine, PartnerChannels channels, Path directory,
                FederationAudit audit) {
        this.subscription = subscription;
        this.partner = partner;
        this.engine = engine;
        this.channels = channels;
        this.directory = directory;
        this.audit = audit;
        this.checkpoint = CopyCheckpoint.read(CopyCheckpoint.file(directory, subscription.localGallery()))
                .orElse(CopyCheckpoint.start(subscription));
        this.follower = Thread.ofVirtual().name("ridgeline-copy-" + subscription.localGallery()).start(this::follow);
    }

    Subscription subscription() {
        return subscription;
    }

    Partner partner() {
        return partner;
    }

    CopyCheckpoint checkpoint() {
        return checkpoint;
    }

    boolean closed() {
        return closed;
    }

    private void follow() {
        while (!closed) {
            long from = checkpoint.applied();
            try {
                if (!engine.ready()) {
                    pause(); // the galleries are still loading from the store
                    continue;
                }
                Context.CancellableContext context = Context.current().withCancellation();
                stream = context;
                context.run(this::readStream);
            } catch (RuntimeException e) {
                String problem = e instanceof StatusRuntimeException s
                        ? s.getStatus().getCode() + ": " + s.getStatus().getDescription() : e.getMessage();
                if (!closed && e instanceof StatusRuntimeException s && (s.getStatus().getCode() == Status.Code.PERMISSION_DENIED
                        || s.getStatus().getCode() == Status.Code.NOT_FOUND)) {
                    withdrawn(problem);
                }
                if (!closed) {
                    if (!problem.equals(checkpoint.problem())) {
                        LOG.warn("copy '{}' of {}: {}; retrying every {} s", subscription.localGallery(),
                                subscription.label(), problem, RETRY.toSeconds());
                        write(streaming ? "stop" : "failed", from, e instanceof StatusRuntimeException s
                                ? s.getStatus().getCode().name() : "INTERNAL", problem);
                    }
                    checkpoint = checkpoint.disconnected(problem);
                    checkpoint.write(directory);
                }
            }
            streaming = false;
            pause();
        }
    }

    /** Waits {@link #RETRY}, or until closed. */
    private synchronized void pause() {
        if (!closed) {
            try {
                wait(RETRY.toMillis());
            } catch (InterruptedException e) {
                closed = true;
            }
        }
    }

    private void readStream() {
        Iterator<ChangeBatch> batches = GalleryPublicationGrpc.newBlockingStub(channels.channel(partner))
                .subscribe(SubscribeRequest.newBuilder().setGallery(subscription.gallery())
                        .setAfterSequence(checkpoint.applied()).build());
        while (batches.hasNext()) {
            ChangeBatch batch = batches.next();
            if (!streaming) {
                streaming = true;
                write("start", checkpoint.applied(), null, null);
                LOG.info("copy '{}' of {} follows from change {}", subscription.localGallery(), subscription.label(),
                        checkpoint.applied());
            }
            if (!sameGallery(batch)) {
                return; // resubscribes from the start
            }
            apply(batch);
        }
    }

    /**
     * Creates the copy on the first batch; starts it over when the publisher's gallery is a new one
     * under the same name. A local gallery of the copy's name that no checkpoint made is not
     * touched: the copy waits, and says why.
     */
    private boolean sameGallery(ChangeBatch batch) {
        String local = subscription.localGallery();
        boolean exists = galleryExists(local);
        if (checkpoint.galleryCreatedMs() == 0 && exists) {
            throw Status.FAILED_PRECONDITION.withDescription("a local gallery '" + local
                    + "' exists that is not a copy of " + subscription.label() + ": rename the copy (local_gallery)")
                    .asRuntimeException();
        }
        if (checkpoint.galleryCreatedMs() != 0 && checkpoint.galleryCreatedMs() != batch.getGalleryCreatedMs()) {
            LOG.info("{} is a new gallery under the same name: copy '{}' starts over", subscription.label(), local);
            if (exists) {
                engine.deleteGallery(local);
            }
            checkpoint = CopyCheckpoint.start(subscription);
            checkpoint.write(directory);
            return false;
        }
        if (checkpoint.galleryCreatedMs() == 0) {
            // the checkpoint names the copy before the gallery exists, so a crash in between leaves it ours
            checkpoint = checkpoint.applied(batch.getGalleryCreatedMs(), 0, 0, batch.getHeadSequence());
            checkpoint.write(directory);
        }
        if (!exists) {
            engine.createGallery(local, 0, batch.getDefaultTargetFmr());
        }
        return true;
    }

    /** Applies a batch in order, enrolling runs of new subjects together, then checkpoints it. */
    private void apply(ChangeBatch batch) {
        String local = subscription.localGallery();
        List<NewSubject> enrolling = new ArrayList<>();
        Set<String> pending = new HashSet<>();
        long expected = checkpoint.applied() + 1;
        for (GalleryChange change : batch.getChangesList()) {
            if (change.getSequence() != expected++) {
                throw Status.DATA_LOSS.withDescription("change " + change.getSequence() + " arrived where change "
                        + (expected - 1) + " was due").asRuntimeException();
            }
            if (pending.contains(change.getSubjectId())) {
                enrollAll(enrolling, pending);
            }
            SubjectView held = held(local, change.getSubjectId());
            if (change.getDeleted()) {
                if (held != null) {
                    engine.deleteSubject(local, change.getSubjectId());
                }
            } else if (held != null) {
                Map<String, String> changes = new HashMap<>(change.getAttributesMap());
                held.attributes().keySet().stream().filter(key -> !change.getAttributesMap().containsKey(key))
                        .forEach(key -> changes.put(key, ""));
                changes.entrySet().removeIf(entry -> entry.getValue().equals(held.attributes().get(entry.getKey())));
                if (!changes.isEmpty()) {
                    engine.updateAttributes(local, change.getSubjectId(), changes);
                }
            } else {
                enrolling.add(new NewSubject(local, change.getSubjectId(), change.getTemplatesList().stream()
                        .map(template -> Sample.template(0, template.toByteArray())).toList(),
                        change.getAttributesMap(), false));
                pending.add(change.getSubjectId());
            }
        }
        enrollAll(enrolling, pending);
        GalleryChange last = batch.getChangesCount() == 0 ? null : batch.getChanges(batch.getChangesCount() - 1);
        checkpoint = last == null
                ? checkpoint.applied(batch.getGalleryCreatedMs(), checkpoint.applied(), checkpoint.appliedLoggedMs(),
                        batch.getHeadSequence())
                : checkpoint.applied(batch.getGalleryCreatedMs(), last.getSequence(), last.getLoggedMs(),
                        batch.getHeadSequence());
        checkpoint.write(directory);
    }

    private boolean galleryExists(String gallery) {
        try {
            engine.describeGallery(gallery);
            return true;
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private SubjectView held(String gallery, String subjectId) {
        try {
            return engine.subject(gallery, subjectId);
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** One group commit for a run of new subjects; one the copy holds already (a repeated batch) is fine. */
    private void enrollAll(List<NewSubject> enrolling, Set<String> pending) {
        if (enrolling.isEmpty()) {
            return;
        }
        List<EnrollOutcome> outcomes = engine.enrollAll(enrolling, Cancellation.NEVER, Runnable::run);
        for (int i = 0; i < outcomes.size(); i++) {
            RuntimeException failure = outcomes.get(i).failure();
            if (failure != null && !(failure instanceof EngineException e && e.kind() == EngineException.Kind.ALREADY_EXISTS)) {
                throw Status.INTERNAL.withDescription("cannot copy subject " + (i + 1) + " of a batch: "
                        + failure.getMessage()).asRuntimeException();
            }
        }
        enrolling.clear();
        pending.clear();
    }

    private void write(String event, long from, String status, String reason) {
        audit.write(new PublicationAuditLine(Instant.now(), "subscribed", event, subscription.partner(),
                subscription.gallery(), subscription.localGallery(), partner.endpoint(), null, from,
                checkpoint.applied(), status, reason));
    }

    /**
     * The partner no longer publishes the gallery to this deployment, or deleted it: the copy is
     * emptied (its gallery removed, its checkpoint reset), and made again from the start if the
     * gallery is published again.
     */
    private void withdrawn(String problem) {
        if (checkpoint.galleryCreatedMs() == 0) {
            return;
        }
        removeGallery();
        checkpoint = CopyCheckpoint.start(subscription);
        LOG.warn("copy '{}' of {} emptied: {}", subscription.localGallery(), subscription.label(), problem);
    }

    private void removeGallery() {
        try {
            engine.deleteGallery(subscription.localGallery());
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Stops following; the copy and its checkpoint stay. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Context.CancellableContext open = stream;
        if (open != null) {
            open.cancel(null);
        }
        synchronized (this) {
            notifyAll();
        }
        follower.join(5_000);
        write("stop", checkpoint.applied(), Status.Code.CANCELLED.name(), "this deployment stopped following");
    }

    /** Stops following and removes the copy: its subscription left the partner file. */
    void drop() throws Exception {
        close();
        removeGallery();
        Files.deleteIfExists(CopyCheckpoint.file(directory, subscription.localGallery()));
        LOG.info("copy '{}' of {} removed: its subscription left the partner file", subscription.localGallery(),
                subscription.label());
    }
}
