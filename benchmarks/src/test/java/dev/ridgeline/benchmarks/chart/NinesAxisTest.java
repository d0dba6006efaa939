package dev.ridgeline.benchmarks.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NinesAxisTest {

    @Test
    void eachNineTakesAnEqualShareOfTheAxis() {
        NinesAxis axis = new NinesAxis(3);
        assertThat(axis.position(0)).isZero();
        assertThat(axis.position(0.9)).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(axis.position(0.99)).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(axis.position(0.999)).isCloseTo(1, within(1e-9));
        assertThat(axis.position(1.0)).isEqualTo(1);
    }

    @Test
    void ticksAreLabelledAsPercentiles() {
        assertThat(new NinesAxis(3).ticks()).extracting(Axis.Tick::label).containsExactly("0%", "90%", "99%", "99.9%");
    }

    @Test
    void reachesTheNinesItsCountCanShow() {
        assertThat(NinesAxis.forCount(20)).isEqualTo(2);
        assertThat(NinesAxis.forCount(5_000)).isEqualTo(4);
        assertThat(NinesAxis.forCount(1_000_000_000)).isEqualTo(6);
    }
}
