package dev.ridgeline.server.federation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a partner may ask of this deployment, as an agreement names it. */
public enum Operation {
    /** The probe against one reference the partner already holds. */
    VERIFY,
    /** The probe against a whole gallery. */
    IDENTIFY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Operation parse(String label) {
        for (Operation operation : values()) {
            if (operation.label().equals(label)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + label + "'; operations are "
                + Arrays.stream(values()).map(Operation::label).collect(Collectors.joining(", ")));
    }
}
