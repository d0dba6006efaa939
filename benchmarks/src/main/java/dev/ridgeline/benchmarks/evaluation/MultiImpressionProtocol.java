package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.evaluation.FingerScores.Matcher;
import java.util.Arrays;

/**
 * Multi-impression enrollment: each finger enrolled with its first {@value #ENROLLED} impressions,
 * each later impression probing every enrolled finger; a probe's score against a finger is the
 * best over that finger's enrolled impressions (they show the same skin, so their evidence is
 * not independent and is not summed). Genuine: a probe against its own finger; impostor: against
 * every other finger.
 */
final class MultiImpressionProtocol {

    static final int ENROLLED = 2;

    private MultiImpressionProtocol() {
    }

    static ErrorRates rates(FingerScores scores, Matcher matcher) {
        double[] genuine = new double[scores.size()];
        double[] impostor = new double[scores.size() * scores.identities];
        int g = 0;
        int i = 0;
        for (int probe = 0; probe < scores.size(); probe++) {
            if (scores.impression[probe] < ENROLLED) {
                continue;
            }
            for (int finger = 0; finger < scores.identities; finger++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int reference : scores.of(finger)) {
                    if (scores.impression[reference] < ENROLLED) {
                        best = Math.max(best, scores.score(matcher, probe, reference));
                    }
                }
                if (best == Double.NEGATIVE_INFINITY) {
                    continue; // nothing of this finger enrolled
                }
                if (finger == scores.identity[probe]) {
                    genuine[g++] = best;
                } else {
                    impostor[i++] = best;
                }
            }
        }
        return ErrorRates.of(Arrays.copyOf(genuine, g), Arrays.copyOf(impostor, i));
    }

    static void report(FingerScores scores, Figures figures) {
        for (Matcher matcher : Matcher.values()) {
            ErrorRates rates = rates(scores, matcher);
            if (matcher == Matcher.SOURCEAFIS) {
                figures.row("multi-impression (impressions 1-" + ENROLLED + " enrolled, best of them)",
                        rates.genuineCount() + " genuine, " + rates.impostorCount() + " impostor comparisons");
            }
            figures.row("multi-impression, " + matcher.label, "EER " + Figures.percent(rates.eer())
                    + ", FNMR at FMR 0.1% " + Figures.percent(rates.fmr1000()));
            figures.result("multi_" + matcher.key() + "_eer", Figures.fraction(rates.eer()));
            figures.result("multi_" + matcher.key() + "_fnmr_at_fmr_1e-3", Figures.fraction(rates.fmr1000()));
        }
    }
}
