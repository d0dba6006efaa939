package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.api.v1.Sample;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one partner may ask of this deployment. Anything it does not name is refused: no gallery,
 * operation or purpose is allowed by default, and answers disclose hit or no hit only unless it says more.
 *
 * @param attributes    the attributes an answer may carry, under {@link Disclosure#ATTRIBUTES} only
 * @param maxResults    hits per gallery at most
 * @param ratePerMinute queries a minute at most (a burst may take the whole minute's allowance)
 * @param yearlyQuota   queries per calendar year (UTC) at most
 * @param probeImages   whether a probe may carry images; otherwise templates only
 * @param published     galleries the partner may keep a replicated copy of (a subscription), holding
 *                      the attributes this agreement discloses and no others
 */
public record Agreement(Set<String> galleries, Set<Operation> operations, Disclosure disclosure, Set<String> attributes,
                        Set<String> purposes, int maxResults, int ratePerMinute, long yearlyQuota, boolean probeImages,
                        Set<String> published) {

    public Agreement {
        galleries = Set.copyOf(galleries);
        operations = Set.copyOf(operations);
        attributes = Set.copyOf(attributes);
        purposes = Set.copyOf(purposes);
        published = Set.copyOf(published);
    }

    /** An agreement that publishes no gallery. */
    public Agreement(Set<String> galleries, Set<Operation> operations, Disclosure disclosure, Set<String> attributes,
                     Set<String> purposes, int maxResults, int ratePerMinute, long yearlyQuota, boolean probeImages) {
        this(galleries, operations, disclosure, attributes, purposes, maxResults, ratePerMinute, yearlyQuota, probeImages,
                Set.of());
    }

    /** Why {@code partner} may not send this query, or empty when the agreement allows it. */
    Optional<String> denial(String partner, Operation operation, List<String> requestedGalleries, String purpose,
                            List<Sample> probe) {
        String agreement = "the agreement with partner '" + partner + "'";
        if (!operations.contains(operation)) {
            return Optional.of(agreement + " does not allow " + operation.label() + " (it allows: "
                    + listed(operations.stream().map(Operation::label).toList()) + ")");
        }
        if (requestedGalleries.isEmpty()) {
            return Optional.of("the query names no gallery");
        }
        for (String gallery : requestedGalleries) {
            if (!galleries.contains(gallery)) {
                return Optional.of(agreement + " does not cover gallery '" + gallery + "' (it covers: "
                        + listed(galleries) + ")");
            }
        }
        if (!purposes.contains(purpose)) {
            return Optional.of("purpose '" + purpose + "' is not among the purposes agreed with partner '" + partner
                    + "' (" + listed(purposes) + ")");
        }
        if (!probeImages) {
            for (int i = 0; i < probe.size(); i++) {
                if (probe.get(i).hasImage()) {
                    return Optional.of(agreement + " allows probe templates only, and sample " + i + " is an image");
                }
            }
        }
        return Optional.empty();
    }

    private static String listed(java.util.Collection<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", new TreeSet<>(values));
    }
}
