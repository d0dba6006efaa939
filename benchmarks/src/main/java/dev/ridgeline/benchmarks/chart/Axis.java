package dev.ridgeline.benchmarks.chart;

import java.util.List;

/** Maps data values on one chart axis to a 0..1 position and names the ticks to draw. */
public interface Axis {

    /** A labelled tick mark. */
    record Tick(double value, String label) {
    }

    /** Position of {@code value} along the axis, 0 at its start and 1 at its end, clamped to that range. */
    double position(double value);

    List<Tick> ticks();
}
