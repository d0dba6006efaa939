package dev.ridgeline.server.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Bilateral oversight from one deployment's audit log: per partner, what it asked of this
 * deployment (inbound lines) and what this deployment asked of it (outbound lines) since a time.
 * Each side runs it on its own log; the two reports of a pair should agree, query for query.
 */
public final class PartnerAuditReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where inbound refusals of certificates that are no partner's are counted. */
    public static final String NOT_A_PARTNER = "(not a partner)";

    /**
     * One direction of one partner's traffic.
     *
     * @param answered queries answered (status OK)
     * @param results  hits returned (inbound) or received (outbound) in answered queries
     * @param refused  queries not answered, by status (PERMISSION_DENIED, UNAVAILABLE, ...)
     * @param purposes queries by purpose code
     * @param galleries queries by gallery asked
     */
    public record Direction(long queries, long answered, long results, Map<String, Long> refused,
                            Map<String, Long> purposes, Map<String, Long> galleries) {

        public static final Direction NONE = new Direction(0, 0, 0, Map.of(), Map.of(), Map.of());

        private Direction plus(JsonNode line) {
            boolean ok = "OK".equals(line.path("status").asText());
            Map<String, Long> refusedNow = new TreeMap<>(refused);
            if (!ok) {
                refusedNow.merge(line.path("status").asText(), 1L, Long::sum);
            }
            Map<String, Long> purposesNow = new TreeMap<>(purposes);
            if (line.hasNonNull("purpose")) {
                purposesNow.merge(line.get("purpose").asText(), 1L, Long::sum);
            }
            Map<String, Long> galleriesNow = new TreeMap<>(galleries);
            line.path("galleries").forEach(gallery -> galleriesNow.merge(gallery.asText(), 1L, Long::sum));
            return new Direction(queries + 1, answered + (ok ? 1 : 0), results + (ok ? line.path("results").asLong() : 0),
                    refusedNow, purposesNow, galleriesNow);
        }

        String describe() {
            if (queries == 0) {
                return "no queries";
            }
            StringBuilder text = new StringBuilder().append(queries).append(queries == 1 ? " query: " : " queries: ")
                    .append(answered).append(" answered (").append(results).append(results == 1 ? " hit)" : " hits)");
            refused.forEach((status, count) -> text.append(", ").append(count).append(' ').append(status));
            if (!purposes.isEmpty()) {
                text.append("; purposes ").append(counts(purposes));
            }
            if (!galleries.isEmpty()) {
                text.append("; galleries ").append(counts(galleries));
            }
            return text.toString();
        }

        private static String counts(Map<String, Long> counts) {
            return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    /** What one partner asked of this deployment, and what this deployment asked of it. */
    public record Activity(String partner, Direction askedOfUs, Direction weAsked) {
    }

    private PartnerAuditReport() {
    }

    /** Reads {@code audit.log} and its rotated files in {@code auditDirectory}: partner lines from {@code since} on. */
    public static List<Activity> read(Path auditDirectory, Instant since) {
        Map<String, Direction[]> byPartner = new TreeMap<>();
        for (Path file : auditFiles(auditDirectory)) {
            for (JsonNode line : lines(file)) {
                if (!line.hasNonNull("federation") || Instant.parse(line.path("time").asText()).isBefore(since)) {
                    continue;
                }
                String partner = line.hasNonNull("partner") ? line.get("partner").asText() : NOT_A_PARTNER;
                Direction[] directions = byPartner.computeIfAbsent(partner, p -> new Direction[] {Direction.NONE, Direction.NONE});
                int index = "inbound".equals(line.get("federation").asText()) ? 0 : 1;
                directions[index] = directions[index].plus(line);
            }
        }
        List<Activity> report = new ArrayList<>();
        byPartner.forEach((partner, directions) -> report.add(new Activity(partner, directions[0], directions[1])));
        return report;
    }

    /** The report as {@code ./ridgeline audit partners} prints it. */
    public static String render(List<Activity> report, Instant since) {
        StringBuilder text = new StringBuilder("partner queries since ").append(since).append('\n');
        if (report.isEmpty()) {
            text.append("  none\n");
        }
        for (Activity activity : report) {
            text.append(activity.partner()).append('\n')
                    .append("  asked of us:    ").append(activity.askedOfUs().describe()).append('\n')
                    .append("  we asked of it: ").append(activity.weAsked().describe()).append('\n');
        }
        return text.toString();
    }

    private static List<Path> auditFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no audit directory at " + directory);
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("audit.log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static List<JsonNode> lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            List<JsonNode> parsed = new ArrayList<>();
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank()) {
                    parsed.add(JSON.readTree(line));
                }
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit file " + file, e);
        }
    }
}
