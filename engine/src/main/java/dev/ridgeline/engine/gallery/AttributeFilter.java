package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.EngineException;
import java.io.Serializable;
import java.util.List;

/**
 * An attribute expression: every clause must hold (AND); a clause holds when the attribute has
 * one of its values (OR), or none of them when negated. Evaluated as bitmap algebra per shard.
 * Serializable: a cluster search carries it to every member.
 */
public record AttributeFilter(List<Clause> clauses) implements Serializable {

    public static final AttributeFilter NONE = new AttributeFilter(List.of());

    public record Clause(String attribute, List<String> anyOf, boolean negate) implements Serializable {
    }

    public AttributeFilter {
        clauses = List.copyOf(clauses);
        for (Clause clause : clauses) {
            if (!Attributes.FILTERABLE.contains(clause.attribute())) {
                throw EngineException.invalid("invalid filter: '" + clause.attribute()
                        + "' is not filterable; use one of " + Attributes.FILTERABLE);
            }
            if (clause.anyOf().isEmpty()) {
                throw EngineException.invalid("invalid filter: the clause on '" + clause.attribute()
                        + "' lists no values");
            }
            for (String value : clause.anyOf()) {
                if (clause.attribute().equals(Attributes.FINGER_POSITION)) {
                    checkPosition(value);
                } else {
                    Attributes.checkedValue(clause.attribute(), value);
                }
            }
        }
    }

    private static void checkPosition(String value) {
        try {
            int position = Integer.parseInt(value);
            if (position >= 0 && position <= 10) {
                return;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw EngineException.invalid("invalid filter: finger_position takes 0-10, got '" + value + "'");
    }
}
