package dev.ridgeline.benchmarks.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A linear axis with "nice" ticks (steps of 1, 2 or 5 times a power of ten), for scores. */
public final class LinearAxis implements Axis {

    private static final int TARGET_TICKS = 8;

    private final double min;
    private final double max;

    public LinearAxis(double min, double max) {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("bad linear axis " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
    }

    @Override
    public double position(double value) {
        return Math.max(0, Math.min(1, (value - min) / (max - min)));
    }

    @Override
    public List<Tick> ticks() {
        double step = niceStep((max - min) / TARGET_TICKS);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step)));
        List<Tick> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(min / step); k * step <= max + step * 1e-9; k++) {
            double value = k * step;
            ticks.add(new Tick(value, String.format(Locale.ROOT, "%." + decimals + "f", value)));
        }
        return ticks;
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normalized = rough / magnitude;
        double nice = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10;
        return nice * magnitude;
    }
}
