package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.match.SubjectScore;
import java.util.List;

/** The ranked subjects of a 1:N search and how many templates it compared. */
public record IdentifyOutcome(List<SubjectScore> ranked, long searched) {
}
