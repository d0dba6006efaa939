package dev.ridgeline.engine;

import java.util.List;
import java.util.Map;

/**
 * One subject to enroll, as {@link RidgelineEngine#enrollAll} takes it.
 *
 * @param checkDuplicates search the gallery first and refuse the subject if a sample matches someone enrolled
 */
public record NewSubject(String gallery, String subjectId, List<Sample> samples, Map<String, String> attributes,
                         boolean checkDuplicates) {
}
