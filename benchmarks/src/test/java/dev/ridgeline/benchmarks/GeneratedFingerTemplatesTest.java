package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedFingerTemplatesTest {

    @TempDir
    Path cache;

    @Test
    void generatesOnlyTheFingersAskedForAndReusesThemLater() throws IOException {
        GeneratedFingerTemplates templates = new GeneratedFingerTemplates(cache, 7);
        byte[][] first = templates.payloads(0, 0, 3);
        assertThat(files()).containsExactly("seed7-imp0-0000000-0000003.bin");

        byte[][] more = templates.payloads(0, 1, 5);
        // Fingers 1 and 2 come from the first file; only 3 and 4 were generated.
        assertThat(files()).containsExactly("seed7-imp0-0000000-0000003.bin", "seed7-imp0-0000003-0000005.bin");
        assertThat(more[0]).isEqualTo(first[1]);
        assertThat(more[1]).isEqualTo(first[2]);
        assertThat(more[3]).isEqualTo(new GeneratedFingers(7).envelope(4, 0, 0).payload());
    }

    @Test
    void readsChunksOtherRunsWroteWhateverTheirLength() throws IOException {
        byte[][] written = new GeneratedFingerTemplates(cache, 7).payloads(1, 4, 6);
        // Another seed's or impression's files are never read for these fingers.
        assertThat(new GeneratedFingerTemplates(cache, 8).payloads(1, 4, 5)[0]).isNotEqualTo(written[0]);
        assertThat(new GeneratedFingerTemplates(cache, 7).payloads(1, 5, 6)[0]).isEqualTo(written[1]);
        assertThat(files()).containsExactly("seed7-imp1-0000004-0000006.bin", "seed8-imp1-0000004-0000005.bin");
    }

    @Test
    void newFilesStopAtMultiplesOfTheChunkSoLargeRunsShareAlignedChunks() throws IOException {
        int boundary = GeneratedFingerTemplates.CHUNK;
        new GeneratedFingerTemplates(cache, 7).payloads(0, boundary - 1, boundary + 1);
        assertThat(files()).containsExactly("seed7-imp0-0004999-0005000.bin", "seed7-imp0-0005000-0005001.bin");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
