package dev.ridgeline.benchmarks.load;

import picocli.CommandLine.ITypeConverter;

/** Calls per second from {@code 200} or {@code 200/s}. */
final class RateConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String text) {
        String value = text.strip();
        if (value.endsWith("/s")) {
            value = value.substring(0, value.length() - 2);
        }
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a rate: give calls per second, e.g. 200 or 200/s");
    }
}
