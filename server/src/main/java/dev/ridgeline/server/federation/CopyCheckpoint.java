package dev.ridgeline.server.federation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a partner's copy stands, kept with the copy in {@code DATA_DIR/federation/copies/LOCAL.json}:
 * the last change applied (the stream resumes after it) and what the subscriber last heard of the
 * publisher's head, for {@code partners status}. It is replaced whole after each applied batch;
 * changes are applied idempotently, so a crash between a batch and its checkpoint repeats the batch
 * without a duplicate.
 *
 * @param galleryCreatedMs the publisher's gallery the copy was made of (0 before the first batch)
 * @param applied          the last change applied to the copy
 * @param appliedLoggedMs  when the publisher logged that change
 * @param head             the publisher's last logged change when the subscriber last heard
 * @param connected        whether the stream was open at {@code updated}
 * @param problem          why the stream is not open, if it is not
 * @param updatedMs        when the subscriber wrote this
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyCheckpoint(String partner, String gallery, @JsonProperty("local_gallery") String localGallery,
                             @JsonProperty("gallery_created_ms") long galleryCreatedMs, long applied,
                             @JsonProperty("applied_logged_ms") long appliedLoggedMs, long head, boolean connected,
                             String problem, @JsonProperty("updated_ms") long updatedMs) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static CopyCheckpoint start(Subscription subscription) {
        return new CopyCheckpoint(subscription.partner(), subscription.gallery(), subscription.localGallery(), 0, 0, 0, 0,
                false, null, System.currentTimeMillis());
    }

    /** Changes the publisher had logged that the copy has not applied yet. */
    public long lagChanges() {
        return Math.max(0, head - applied);
    }

    /** How long the copy has been behind: the age of the last change it applied, or zero when it is level. */
    public Duration lag(Instant now) {
        return lagChanges() == 0 || appliedLoggedMs == 0 ? Duration.ZERO
                : Duration.between(Instant.ofEpochMilli(appliedLoggedMs), now);
    }

    CopyCheckpoint applied(long createdMs, long sequence, long loggedMs, long newHead) {
        return new CopyCheckpoint(partner, gallery, localGallery, createdMs, sequence, loggedMs, Math.max(newHead, sequence),
                true, null, System.currentTimeMillis());
    }

    CopyCheckpoint disconnected(String why) {
        return new CopyCheckpoint(partner, gallery, localGallery, galleryCreatedMs, applied, appliedLoggedMs, head, false,
                why, System.currentTimeMillis());
    }

    static Path file(Path directory, String localGallery) {
        return directory.resolve(localGallery + ".json");
    }

    static Optional<CopyCheckpoint> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), CopyCheckpoint.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the copy checkpoint " + file, e);
        }
    }

    /** Every copy's checkpoint in {@code directory}, by local gallery name. */
    public static List<CopyCheckpoint> readAll(Path directory) {
        List<CopyCheckpoint> all = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return all;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                read(file).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return all;
    }

    /** Replaces the file whole and durably: written beside it, synced, then renamed over it. */
    void write(Path directory) {
        Path file = file(directory, localGallery);
        Path temporary = directory.resolve(localGallery + ".json.tmp");
        try {
            Files.createDirectories(directory);
            Files.write(temporary, JSON.writeValueAsBytes(this));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the copy checkpoint " + file, e);
        }
    }
}
