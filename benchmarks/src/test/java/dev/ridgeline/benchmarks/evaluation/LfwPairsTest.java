package dev.ridgeline.benchmarks.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LfwPairsTest {

    /** Two folds of two matched then two mismatched pairs, tab-separated as in the LFW files. */
    private static final List<String> TWO_FOLDS = List.of(
            "2\t2",
            "Ann_Lee\t1\t2",
            "Bo\t1\t3",
            "Ann_Lee\t1\tBo\t2",
            "Cy\t4\tBo\t1",
            "Cy\t1\t2",
            "Cy\t2\t4",
            "Ann_Lee\t3\tCy\t1",
            "Bo\t3\tAnn_Lee\t2",
            "");

    @Test
    void readsFoldsPairsAndKinds() {
        LfwPairs pairs = LfwPairs.parse(TWO_FOLDS);

        assertThat(pairs.folds()).isEqualTo(2);
        assertThat(pairs.pairsPerClass()).isEqualTo(2);
        assertThat(pairs.pairs()).hasSize(8);
        assertThat(pairs.matched()).containsExactly(true, true, false, false, true, true, false, false);
        assertThat(pairs.foldOfEachPair()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(pairs.pairs().get(0)).isEqualTo(new LfwPairs.Pair(
                new LfwPairs.Image("Ann_Lee", 1), new LfwPairs.Image("Ann_Lee", 2), true, 0));
        assertThat(pairs.pairs().get(3)).isEqualTo(new LfwPairs.Pair(
                new LfwPairs.Image("Cy", 4), new LfwPairs.Image("Bo", 1), false, 0));
    }

    @Test
    void namesPhotosTheLfwWay() {
        Path root = Path.of("lfw");

        assertThat(new LfwPairs.Image("Ann_Lee", 12).file(root)).isEqualTo(root.resolve("Ann_Lee/Ann_Lee_0012.jpg"));
    }

    @Test
    void groupsThePhotosItUsesByPersonInNumberOrder() {
        Dataset images = LfwPairs.parse(TWO_FOLDS).images(Path.of("lfw"));

        assertThat(images.identities()).extracting(Dataset.Identity::id).containsExactly("Ann_Lee", "Bo", "Cy");
        assertThat(images.identities().get(1).samples()).extracting(p -> p.getFileName().toString())
                .containsExactly("Bo_0001.jpg", "Bo_0002.jpg", "Bo_0003.jpg");
        assertThat(images.sampleCount()).isEqualTo(3 + 3 + 3);
    }

    @Test
    void aSingleNumberHeaderIsOneFold() {
        LfwPairs pairs = LfwPairs.parse(List.of("1", "Bo 1 2", "Bo 1 Cy 1"));

        assertThat(pairs.folds()).isEqualTo(1);
        assertThat(pairs.matched()).containsExactly(true, false);
    }

    @Test
    void refusesAPairOfTheWrongKindNamingTheLine() {
        List<String> swapped = List.of("1 1", "Bo 1 Cy 1", "Bo 1 2");

        assertThatThrownBy(() -> LfwPairs.parse(swapped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("matched pair");
    }

    @Test
    void refusesACountThatDisagreesWithTheHeader() {
        assertThatThrownBy(() -> LfwPairs.parse(List.of("2 1", "Bo 1 2", "Bo 1 Cy 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4").hasMessageContaining("2 pairs");
        assertThatThrownBy(() -> LfwPairs.parse(List.of("1 1", "Bo one 2", "Bo 1 Cy 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'one'");
    }
}
