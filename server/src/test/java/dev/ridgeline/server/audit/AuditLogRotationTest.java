package dev.ridgeline.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogRotationTest {

    @TempDir
    Path directory;

    private static AuditLine line(int i, String caller) {
        return new AuditLine(Instant.parse("2026-11-28T12:00:00Z"), "r" + i, caller, "CBSA", "/127.0.0.1:5000", "Identify",
                "nexus", List.of(), List.of("S" + i, "S" + (i + 1)), null, null, null, "OK", 1.5);
    }

    @Test
    void filesRotateAtTheSizeLimitAndOnlyTheKeptOnesRemain() throws Exception {
        try (AuditLog log = new AuditLog(new AuditSettings(directory, 2048, 2, Duration.ofMillis(50)))) {
            for (int i = 0; i < 200; i++) {
                log.write(line(i, "booth"));
            }
        }
        assertThat(directory.resolve("audit.log")).exists();
        assertThat(directory.resolve("audit.log.1")).exists();
        assertThat(directory.resolve("audit.log.2")).exists();
        assertThat(directory.resolve("audit.log.3")).doesNotExist();
        ObjectMapper json = new ObjectMapper();
        for (String name : List.of("audit.log", "audit.log.1", "audit.log.2")) {
            assertThat(Files.size(directory.resolve(name))).isLessThanOrEqualTo(2048);
            for (String text : Files.readAllLines(directory.resolve(name))) {
                assertThat(json.readTree(text).path("operation").asText()).isEqualTo("Identify");
            }
        }
        // the newest lines are in audit.log, the last one written last
        List<String> current = Files.readAllLines(directory.resolve("audit.log"));
        assertThat(json.readTree(current.getLast()).path("request_id").asText()).isEqualTo("r199");
    }

    @Test
    void valuesWithQuotesBackslashesAndControlCharactersStayValidJson() throws Exception {
        String hostile = "name\"with\\quote\n\u0001\u2028end";
        try (AuditLog log = new AuditLog(new AuditSettings(directory, 1 << 20, 1, Duration.ZERO))) {
            log.write(line(1, hostile));
        }
        List<String> lines = Files.readAllLines(directory.resolve("audit.log"));
        assertThat(lines).hasSize(1);
        JsonNode parsed = new ObjectMapper().readTree(lines.getFirst());
        assertThat(parsed.path("caller").asText()).isEqualTo(hostile);
        assertThat(parsed.path("returned").size()).isEqualTo(2);
        assertThat(parsed.has("decision")).as("absent values are left out").isFalse();
    }

    @Test
    void closingWhileTheSyncerFlushesLosesNoLineAndDoesNotFail() throws Exception {
        // The syncer forces the file outside the log's lock; closing must not interrupt it (an
        // interrupt closes a FileChannel under it, and close's own force then fails).
        for (int round = 0; round < 200; round++) {
            Path folder = Files.createDirectories(directory.resolve("close-" + round));
            AuditLog log = new AuditLog(new AuditSettings(folder, 64L << 20, 1, Duration.ofMillis(1)));
            long until = System.nanoTime() + 2_000_000;
            int written = 0;
            while (System.nanoTime() < until) {
                log.write(line(written++, "booth"));
            }
            log.close();
            assertThat(Files.readAllLines(folder.resolve("audit.log"))).hasSize(written);
        }
    }

    @Test
    void everyLineIsKeptWithEitherSyncModeAndTheRateIsPrinted() throws Exception {
        for (Duration sync : List.of(Duration.ofSeconds(1), Duration.ZERO)) {
            Path folder = Files.createDirectories(directory.resolve("sync-" + sync.toMillis()));
            int count = sync.isZero() ? 2_000 : 100_000;
            long started = System.nanoTime();
            try (AuditLog log = new AuditLog(new AuditSettings(folder, 64L << 20, 1, sync))) {
                for (int i = 0; i < count; i++) {
                    log.write(line(i, "booth"));
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("audit lines, sync %s: %.0f lines/s%n", sync.isZero() ? "every line" : sync, count / seconds);
            assertThat(Files.readAllLines(folder.resolve("audit.log"))).hasSize(count);
        }
    }
}
