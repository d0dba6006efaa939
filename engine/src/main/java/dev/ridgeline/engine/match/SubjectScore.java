package dev.ridgeline.engine.match;

import java.io.Serializable;
import java.util.List;

/**
 * A subject's score for one probe: the score it ranks and is decided by (see {@link ScoreFusion}),
 * and the per-modality scores behind it. Serializable: cluster members send their top-K to the caller.
 */
public record SubjectScore(String subjectId, double score, List<ModalityScore> modalities) implements Serializable {

    public SubjectScore {
        modalities = List.copyOf(modalities);
    }

    /** Ranking order: higher score first, then subject id so equal scores rank reproducibly. */
    public static int compareRank(SubjectScore a, SubjectScore b) {
        int byScore = Double.compare(b.score, a.score);
        return byScore != 0 ? byScore : a.subjectId.compareTo(b.subjectId);
    }
}
