package dev.ridgeline.benchmarks.load;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Seconds from {@code 90}, {@code 90s}, {@code 5m} or {@code 1h}, so a soak can say {@code --duration 5m}. */
final class DurationConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        double unit = 1;
        if (value.endsWith("h")) {
            unit = 3600;
        } else if (value.endsWith("m")) {
            unit = 60;
        }
        if (!value.isEmpty() && Character.isLetter(value.charAt(value.length() - 1))) {
            if ("smh".indexOf(value.charAt(value.length() - 1)) < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a duration: give seconds, or a number with s, m or h");
            }
            value = value.substring(0, value.length() - 1);
        }
        try {
            return Double.parseDouble(value) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: give seconds, or a number with s, m or h");
        }
    }
}
