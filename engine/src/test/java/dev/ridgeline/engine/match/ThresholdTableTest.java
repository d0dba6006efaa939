package dev.ridgeline.engine.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.engine.EngineException;
import org.junit.jupiter.api.Test;

class ThresholdTableTest {

    private final ThresholdTable table = new ThresholdTable("t", new double[] {1e-2, 1e-3, 1e-4}, new double[] {20, 33, 40});

    @Test
    void givesTheTableValueAtEachOperatingPoint() {
        assertThat(table.threshold(1e-2)).isEqualTo(20);
        assertThat(table.threshold(1e-3)).isEqualTo(33);
        assertThat(table.threshold(1e-4)).isEqualTo(40);
    }

    @Test
    void interpolatesOnALogScaleBetweenPoints() {
        assertThat(table.threshold(Math.pow(10, -3.5))).isCloseTo(36.5, within(1e-9));
    }

    @Test
    void refusesOperatingPointsOutsideTheTable() {
        assertThatThrownBy(() -> table.threshold(1e-5)).isInstanceOf(EngineException.class)
                .hasMessageContaining("outside the calibrated range");
        assertThatThrownBy(() -> table.threshold(0.5)).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> table.threshold(-1)).isInstanceOf(EngineException.class);
    }

    @Test
    void scoreAtInvertsDecadesAtOnTheSameSegments() {
        for (double score : new double[] {5, 20, 26.5, 33, 38, 40, 47}) {
            assertThat(table.scoreAt(table.decadesAt(score))).as("score %s", score).isCloseTo(score, within(1e-9));
        }
        assertThat(table.scoreAt(3.5)).isCloseTo(table.threshold(Math.pow(10, -3.5)), within(1e-9));
    }

    @Test
    void decidesAMatchAtOrAboveTheThreshold() {
        assertThat(table.decide(40, 1e-4).match()).isTrue();
        assertThat(table.decide(39.99, 1e-4).match()).isFalse();
        assertThat(table.decide(39.99, 1e-4).targetFmr()).isEqualTo(1e-4);
    }

    @Test
    void theShippedFingerprintTableCoversOneInAHundredToOneInAMillionAndTightensWithFmr() {
        ThresholdTable shipped = ThresholdTable.fingerprint();

        assertThat(shipped.version()).startsWith("sourceafis-");
        double previous = Double.NEGATIVE_INFINITY;
        for (double fmr : new double[] {1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
            assertThat(shipped.threshold(fmr)).isGreaterThan(previous);
            previous = shipped.threshold(fmr);
        }
    }

    @Test
    void aLargerGalleryNeedsAStricterPerComparisonFmrForTheSameFpir() {
        assertThat(ThresholdTable.fmrForFpir(0.01, 1)).isCloseTo(0.01, within(1e-12));
        assertThat(ThresholdTable.fmrForFpir(0.01, 1000)).isCloseTo(1.00503e-5, within(1e-9));
        assertThat(ThresholdTable.fmrForFpir(0.01, 1_000_000)).isCloseTo(1.00503e-8, within(1e-12));
        assertThatThrownBy(() -> ThresholdTable.fmrForFpir(1.5, 10)).isInstanceOf(EngineException.class);
    }

    @Test
    void readsATableFileAndListsItsOperatingPoints(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        java.nio.file.Path file = directory.resolve("table.properties");
        java.nio.file.Files.writeString(file, "version=mine\nfmr.1e-2=0.25\nfmr.1e-3=0.34\n");

        ThresholdTable read = ThresholdTable.read(file);

        assertThat(read.version()).isEqualTo("mine");
        assertThat(read.fmrs()).satisfiesExactly(f -> assertThat(f).isCloseTo(1e-2, within(1e-12)),
                f -> assertThat(f).isCloseTo(1e-3, within(1e-12)));
        assertThat(read.threshold(1e-3)).isEqualTo(0.34);
    }
}
