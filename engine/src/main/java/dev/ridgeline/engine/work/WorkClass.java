package dev.ridgeline.engine.work;

import java.util.Arrays;
import java.util.Locale;

/**
 * The priority classes of CPU work, highest first: a booth's verify or identify is served before
 * any enrollment waiting with it, and an enrollment before bulk streams and gallery fills. Within
 * a class, work is served in arrival order.
 */
public enum WorkClass {
    BOOTH, ENROLLMENT, BULK;

    /** The name used in access files, metrics and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a {@link #label()}; the exception's message lists the labels. */
    public static WorkClass parse(String label) {
        for (WorkClass workClass : values()) {
            if (workClass.label().equals(label)) {
                return workClass;
            }
        }
        throw new IllegalArgumentException("unknown priority class '" + label + "'; use one of "
                + Arrays.stream(values()).map(WorkClass::label).toList());
    }
}
