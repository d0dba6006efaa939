package dev.ridgeline.benchmarks.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path root;

    @Test
    void foldersListSamplesByNumberSoTheFirstIsEnrolled() throws Exception {
        for (String person : new String[] {"s2", "s10"}) {
            Path folder = Files.createDirectories(root.resolve(person));
            for (int image = 1; image <= 10; image++) {
                Files.write(folder.resolve(image + ".pgm"), new byte[0]);
            }
            Files.write(folder.resolve("notes.txt"), new byte[0]);
        }

        Dataset dataset = Dataset.load(root, Dataset.Layout.FOLDERS);

        assertThat(dataset.identities()).extracting(Dataset.Identity::id).containsExactly("s2", "s10");
        assertThat(dataset.identities().get(0).samples()).extracting(p -> p.getFileName().toString())
                .containsExactly("1.pgm", "2.pgm", "3.pgm", "4.pgm", "5.pgm", "6.pgm", "7.pgm", "8.pgm", "9.pgm",
                        "10.pgm");
    }

    @Test
    void halvesSplitThePeopleWithoutOverlap() throws Exception {
        for (String person : new String[] {"ann", "bob", "cat", "dan", "eve"}) {
            Files.write(Files.createDirectories(root.resolve(person)).resolve("1.jpg"), new byte[0]);
        }
        Dataset dataset = Dataset.load(root, Dataset.Layout.FOLDERS);

        assertThat(dataset.half(1).identities()).extracting(Dataset.Identity::id).containsExactly("ann", "cat", "eve");
        assertThat(dataset.half(2).identities()).extracting(Dataset.Identity::id).containsExactly("bob", "dan");
        assertThat(dataset.half(0).identities()).hasSize(5);
    }
}
