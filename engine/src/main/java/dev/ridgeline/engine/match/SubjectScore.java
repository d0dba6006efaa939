package dev.ridgeline.engine.match;

/** A subject's fused score for one probe, with the finger pair that gave it. */
public record SubjectScore(String subjectId, double score, int probePosition, int referencePosition) {

    /** Ranking order: higher score first, then subject id so equal scores rank reproducibly. */
    public static int compareRank(SubjectScore a, SubjectScore b) {
        int byScore = Double.compare(b.score, a.score);
        return byScore != 0 ? byScore : a.subjectId.compareTo(b.subjectId);
    }
}
