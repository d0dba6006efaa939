package dev.ridgeline.cluster;

import dev.ridgeline.engine.match.Identification;

/** A 1:N answer from the whole cluster, with the coverage it stands for. */
public record ClusterIdentification(Identification identification, Coverage coverage) {
}
