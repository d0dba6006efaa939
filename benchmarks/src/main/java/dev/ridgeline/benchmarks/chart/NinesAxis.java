package dev.ridgeline.benchmarks.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A percentile axis on a log scale of "nines": 0%, 90%, 99%, 99.9%... equally spaced, so the tail
 * of a latency distribution gets as much room as its body. Values are fractions (0.99 = 99%);
 * 1.0 and above sit at the far end.
 */
public final class NinesAxis implements Axis {

    private final int nines;

    /** @param nines how many nines the axis reaches: 3 ends at 99.9% */
    public NinesAxis(int nines) {
        if (nines < 1) {
            throw new IllegalArgumentException("a nines axis needs at least one nine, got " + nines);
        }
        this.nines = nines;
    }

    /** Nines enough to show the slowest of {@code count} values apart from the rest, between 2 and 6. */
    public static int forCount(long count) {
        return (int) Math.max(2, Math.min(6, Math.ceil(Math.log10(Math.max(1, count)))));
    }

    @Override
    public double position(double fraction) {
        if (fraction >= 1) {
            return 1;
        }
        return Math.max(0, Math.min(1, -Math.log10(1 - Math.max(0, fraction)) / nines));
    }

    @Override
    public List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        for (int n = 0; n <= nines; n++) {
            BigDecimal fraction = BigDecimal.ONE.subtract(BigDecimal.ONE.scaleByPowerOfTen(-n));
            ticks.add(new Tick(fraction.doubleValue(), fraction.scaleByPowerOfTen(2).stripTrailingZeros().toPlainString() + "%"));
        }
        return ticks;
    }
}
