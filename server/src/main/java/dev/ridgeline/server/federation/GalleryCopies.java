package dev.ridgeline.server.federation;

import dev.ridgeline.engine.Ridgeline;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner galleries this deployment keeps copies of, as the partner file names them now: a
 * subscription added to the file starts its copy, one whose partner entry changed restarts it with
 * the new entry (endpoint, identity), and one removed from the file removes its copy. A file that
 * does not read stops every copy's stream and removes none.
 */
final class GalleryCopies implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.federation");

    private final Ridgeline engine;
    private final PartnerChannels channels;
    private final Path directory;
    private final FederationAudit audit;
    private final Map<String, GalleryCopy> byLocalName = new ConcurrentHashMap<>();

    /** @param directory where the copies' checkpoints are kept */
    GalleryCopies(Ridgeline engine, PartnerChannels channels, Path directory, FederationAudit audit) {
        this.engine = engine;
        this.channels = channels;
        this.directory = directory;
        this.audit = audit;
    }

    /** The subscription whose copy {@code gallery} is, if it is one. */
    Optional<Subscription> copy(String gallery) {
        return Optional.ofNullable(byLocalName.get(gallery)).map(GalleryCopy::subscription);
    }

    List<CopyCheckpoint> checkpoints() {
        return byLocalName.values().stream().map(GalleryCopy::checkpoint).toList();
    }

    synchronized void retain(Partners partners) {
        if (partners == Partners.NONE) {
            // the file does not read: stop following, but keep the copies (and keep them read-only) until it does
            byLocalName.values().forEach(copy -> stop(copy, false));
            return;
        }
        Map<String, Partner> publishers = new HashMap<>();
        Map<String, Subscription> wanted = new HashMap<>();
        for (Partner partner : partners.all()) {
            for (Subscription subscription : partner.subscriptions()) {
                publishers.put(subscription.localGallery(), partner);
                wanted.put(subscription.localGallery(), subscription);
            }
        }
        for (GalleryCopy copy : List.copyOf(byLocalName.values())) {
            String local = copy.subscription().localGallery();
            boolean kept = copy.subscription().equals(wanted.get(local));
            if (!kept || copy.closed() || !copy.partner().equals(publishers.get(local))) {
                byLocalName.remove(local);
                stop(copy, !kept);
            }
        }
        wanted.forEach((local, subscription) -> byLocalName.computeIfAbsent(local,
                name -> new GalleryCopy(subscription, publishers.get(name), engine, channels, directory, audit)));
    }

    private static void stop(GalleryCopy copy, boolean remove) {
        try {
            if (remove) {
                copy.drop();
            } else {
                copy.close();
            }
        } catch (Exception e) {
            LOG.error("stopping copy '{}' of {}: {}", copy.subscription().localGallery(), copy.subscription().label(),
                    e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        byLocalName.values().forEach(copy -> stop(copy, false));
        byLocalName.clear();
    }
}
