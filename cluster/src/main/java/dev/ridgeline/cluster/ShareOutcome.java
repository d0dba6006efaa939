package dev.ridgeline.cluster;

import java.io.Serializable;
import java.util.Set;

/**
 * A partition owner's answer to a write of some subjects, by subject id: {@code refused} were not
 * written (an enrollment's id taken; a deletion's or update's subject absent, or changed
 * meanwhile), {@code moved} belong to partitions the owner no longer holds (sent again to their
 * new owner); every other one was committed and is searched.
 */
record ShareOutcome(Set<String> refused, Set<String> moved) implements Serializable {

    ShareOutcome {
        refused = Set.copyOf(refused);
        moved = Set.copyOf(moved);
    }
}
