package dev.ridgeline.benchmarks.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A base-10 log axis spanning whole decades, for error rates. Values at or below the floor
 * (zero included) sit on the floor, so a zero rate stays visible instead of falling off the chart.
 */
public final class LogAxis implements Axis {

    private final int lowDecade;
    private final int highDecade;

    public LogAxis(int lowDecade, int highDecade) {
        if (lowDecade >= highDecade) {
            throw new IllegalArgumentException("empty log axis 1e" + lowDecade + "..1e" + highDecade);
        }
        this.lowDecade = lowDecade;
        this.highDecade = highDecade;
    }

    /**
     * The decade just below the smallest non-zero rate {@code count} items can show (1/count),
     * clamped to [lowest, highest], so zeros on the floor never coincide with a single error.
     */
    public static int floorDecade(int count, int lowest, int highest) {
        if (count <= 0) {
            return highest;
        }
        int decade = (int) Math.floor(Math.log10(0.5 / count));
        return Math.max(lowest, Math.min(highest, decade));
    }

    public double floor() {
        return Math.pow(10, lowDecade);
    }

    @Override
    public double position(double value) {
        if (!(value > 0)) {
            return 0;
        }
        double position = (Math.log10(value) - lowDecade) / (highDecade - lowDecade);
        return Math.max(0, Math.min(1, position));
    }

    @Override
    public List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        for (int decade = lowDecade; decade <= highDecade; decade++) {
            ticks.add(new Tick(Math.pow(10, decade), label(decade)));
        }
        return ticks;
    }

    private static String label(int decade) {
        // Plain numbers while they stay short, exponents below that.
        return decade >= -2 ? BigDecimal.ONE.scaleByPowerOfTen(decade).toPlainString() : "1e" + decade;
    }
}
