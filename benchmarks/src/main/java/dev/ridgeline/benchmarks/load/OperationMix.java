package dev.ridgeline.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How often each operation comes in a run, as whole-number weights ({@code enroll:1,verify:8,identify:2}).
 * Clients walk the {@link #schedule()} in turn, so the proportions are exact, not sampled.
 */
record OperationMix(Map<Operation, Integer> weights) {

    OperationMix {
        weights = Collections.unmodifiableMap(new EnumMap<>(weights));
    }

    static OperationMix only(Operation operation) {
        return new OperationMix(Map.of(operation, 1));
    }

    /** Parses {@code op:weight,...}; each operation at most once, weights 1-1000. */
    static OperationMix parse(String text) {
        Map<Operation, Integer> weights = new EnumMap<>(Operation.class);
        for (String part : text.split(",")) {
            String[] pair = part.strip().split(":");
            if (pair.length != 2) {
                throw new IllegalArgumentException("--mix takes operation:weight pairs separated by commas, e.g."
                        + " enroll:1,verify:8,identify:2; got '" + part.strip() + "'");
            }
            Operation operation;
            try {
                operation = Operation.valueOf(pair[0].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mix: unknown operation '" + pair[0].strip()
                        + "' (verify, identify or enroll)");
            }
            int weight;
            try {
                weight = Integer.parseInt(pair[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix: weight of " + pair[0].strip() + " is not a whole number: '"
                        + pair[1].strip() + "'");
            }
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("--mix: weight of " + pair[0].strip() + " must be 1-1000, got " + weight);
            }
            if (weights.put(operation, weight) != null) {
                throw new IllegalArgumentException("--mix names " + pair[0].strip() + " twice");
            }
        }
        return new OperationMix(weights);
    }

    /** One round of operations, each as many times as its weight, interleaved so no operation comes in a burst. */
    List<Operation> schedule() {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        List<Operation> schedule = new ArrayList<>(total);
        Map<Operation, Integer> placed = new EnumMap<>(Operation.class);
        for (int slot = 0; slot < total; slot++) {
            // The operation furthest behind its share so far takes the slot.
            Operation next = null;
            double behind = Double.NEGATIVE_INFINITY;
            for (Map.Entry<Operation, Integer> weight : weights.entrySet()) {
                double due = (slot + 1.0) * weight.getValue() / total - placed.getOrDefault(weight.getKey(), 0);
                if (due > behind) {
                    behind = due;
                    next = weight.getKey();
                }
            }
            placed.merge(next, 1, Integer::sum);
            schedule.add(next);
        }
        return schedule;
    }

    boolean includes(Operation operation) {
        return weights.containsKey(operation);
    }

    @Override
    public String toString() {
        return weights.entrySet().stream()
                .map(weight -> weight.getKey().name().toLowerCase(Locale.ROOT) + ":" + weight.getValue())
                .collect(Collectors.joining(","));
    }
}
