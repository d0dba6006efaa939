package dev.ridgeline.cluster;

import dev.ridgeline.engine.match.Coverage;
import dev.ridgeline.engine.match.SubjectScore;
import java.util.List;

/** A cluster search's merged top-K, how many templates its members compared, and what it covered. */
public record GatheredSearch(List<SubjectScore> ranked, long searched, Coverage coverage) {
}
