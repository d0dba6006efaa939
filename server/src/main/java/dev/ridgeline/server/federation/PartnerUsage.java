package dev.ridgeline.server.federation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each partner's agreed rate (a bucket refilled at the agreed queries a minute) and its yearly
 * quota (counted per UTC calendar year and kept in a file, so a restart does not reset it).
 */
final class PartnerUsage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final Path file;
    private final Clock clock;
    /** year -> partner -> queries admitted. */
    private final Map<Integer, Map<String, Long>> counted;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledNanos;
    }

    PartnerUsage(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            Files.createDirectories(file.getParent());
            this.counted = Files.exists(file)
                    ? JSON.readValue(file.toFile(), new TypeReference<HashMap<Integer, Map<String, Long>>>() {
                    })
                    : new HashMap<>();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the partner usage file " + file + ": " + e.getMessage(), e);
        }
        counted.replaceAll((year, partners) -> new HashMap<>(partners));
    }

    /** Admits one query of {@code partner} and counts it, or says which limit it is over. */
    synchronized Optional<String> admit(Partner partner) {
        Agreement agreement = partner.agreement();
        int year = clock.instant().atZone(ZoneOffset.UTC).getYear();
        Map<String, Long> thisYear = counted.computeIfAbsent(year, y -> new HashMap<>());
        long used = thisYear.getOrDefault(partner.name(), 0L);
        if (used >= agreement.yearlyQuota()) {
            return Optional.of("partner '" + partner.name() + "' has used its yearly quota of "
                    + agreement.yearlyQuota() + " queries for " + year);
        }
        if (!takeToken(partner.name(), agreement.ratePerMinute())) {
            return Optional.of("partner '" + partner.name() + "' is over its agreed rate of "
                    + agreement.ratePerMinute() + " queries a minute");
        }
        thisYear.put(partner.name(), used + 1);
        persist();
        return Optional.empty();
    }

    private boolean takeToken(String partner, int perMinute) {
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(partner, p -> {
            Bucket fresh = new Bucket();
            fresh.tokens = perMinute;
            fresh.refilledNanos = now;
            return fresh;
        });
        bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.refilledNanos) * (double) perMinute / NANOS_PER_MINUTE);
        bucket.refilledNanos = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /** Written whole and renamed into place, so a crash leaves the old count or the new one. */
    private void persist() {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), counted);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the partner usage file " + file, e);
        }
    }
}
