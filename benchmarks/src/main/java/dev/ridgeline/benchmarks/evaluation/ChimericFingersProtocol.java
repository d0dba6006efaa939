package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.evaluation.FingerScores.Matcher;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.ThresholdTable;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Two-finger decisions on chimeric subjects: every ordered pair (A, B) of distinct fingers of
 * the set is a subject whose impression k is A's k-th and B's k-th. Genuine: two impressions of
 * one subject, each finger compared with its own; impostor: subjects sharing no finger, every
 * pair of impressions, finger 1 with finger 1 and finger 2 with finger 2. Two rules combine the
 * fingers: the better finger's score (what a search does today), and Fisher's rule on each
 * finger's false-match probability from its calibration table. Beside them, one finger on the
 * same data (every same-finger pair genuine, every cross-finger pair of impressions impostor).
 * Subjects reuse fingers, so their comparisons are not independent: the counts overstate the
 * information, and FNMR at FMR 1e-4 of one finger rests on a few thousand impostors.
 */
final class ChimericFingersProtocol {

    static final double TARGET_FMR = 1e-4;

    private ChimericFingersProtocol() {
    }

    /** The shipped calibration table of a single matcher's scores. */
    static ThresholdTable table(Matcher matcher) {
        return switch (matcher) {
            case SOURCEAFIS -> ThresholdTable.fingerprint();
            case MCC_LSSR -> ThresholdTable.cylinders();
            case MCC_LSS, FUSED -> throw new IllegalArgumentException(matcher + " has no table of its own");
        };
    }

    /** Each matcher's scores as -log10 FMR, for Fisher's rule; null where no table calibrates them. */
    static DoubleUnaryOperator decades(Matcher matcher) {
        return switch (matcher) {
            case SOURCEAFIS, MCC_LSSR -> table(matcher)::decadesAt;
            case FUSED -> score -> score;
            case MCC_LSS -> null;
        };
    }

    record Outcome(ErrorRates oneFinger, ErrorRates twoBest, ErrorRates twoFisher) {
    }

    static Outcome run(FingerScores scores, Matcher matcher) {
        DoubleUnaryOperator decades = decades(matcher);
        int fingers = scores.identities;
        int[][] impressions = new int[fingers][];
        for (int f = 0; f < fingers; f++) {
            impressions[f] = scores.of(f);
        }
        DoubleList oneGenuine = new DoubleList();
        DoubleList oneImpostor = new DoubleList();
        for (int a = 0; a < fingers; a++) {
            for (int b = 0; b < fingers; b++) {
                for (int p = 0; p < impressions[a].length; p++) {
                    for (int q = 0; q < impressions[b].length; q++) {
                        if (a == b && p < q) {
                            oneGenuine.add(scores.score(matcher, impressions[a][p], impressions[a][q]));
                        } else if (a != b) {
                            oneImpostor.add(scores.score(matcher, impressions[a][p], impressions[b][q]));
                        }
                    }
                }
            }
        }
        DoubleList[] genuine = {new DoubleList(), new DoubleList()};
        DoubleList[] impostor = {new DoubleList(), new DoubleList()};
        for (int a = 0; a < fingers; a++) {
            for (int b = 0; b < fingers; b++) {
                if (a == b) {
                    continue;
                }
                int shared = Math.min(impressions[a].length, impressions[b].length);
                for (int p = 0; p < shared; p++) {
                    for (int q = p + 1; q < shared; q++) {
                        add(genuine, decades, scores.score(matcher, impressions[a][p], impressions[a][q]),
                                scores.score(matcher, impressions[b][p], impressions[b][q]));
                    }
                }
                for (int a2 = 0; a2 < fingers; a2++) {
                    for (int b2 = 0; b2 < fingers; b2++) {
                        if (a2 == b2 || a2 == a || a2 == b || b2 == a || b2 == b) {
                            continue;
                        }
                        int probeShared = shared;
                        int referenceShared = Math.min(impressions[a2].length, impressions[b2].length);
                        for (int p = 0; p < probeShared; p++) {
                            for (int q = 0; q < referenceShared; q++) {
                                add(impostor, decades, scores.score(matcher, impressions[a][p], impressions[a2][q]),
                                        scores.score(matcher, impressions[b][p], impressions[b2][q]));
                            }
                        }
                    }
                }
            }
        }
        return new Outcome(ErrorRates.of(oneGenuine.toArray(), oneImpostor.toArray()),
                ErrorRates.of(genuine[0].toArray(), impostor[0].toArray()),
                decades == null ? null : ErrorRates.of(genuine[1].toArray(), impostor[1].toArray()));
    }

    private static void add(DoubleList[] lists, DoubleUnaryOperator decades, double first, double second) {
        lists[0].add(Math.max(first, second));
        if (decades != null) {
            lists[1].add(ScoreFusion.fisherDecades(decades.applyAsDouble(first) + decades.applyAsDouble(second), 2));
        }
    }

    static void report(FingerScores scores, Figures figures) {
        for (Matcher matcher : new Matcher[] {Matcher.SOURCEAFIS, Matcher.MCC_LSSR, Matcher.FUSED}) {
            Outcome outcome = run(scores, matcher);
            if (matcher == Matcher.SOURCEAFIS) {
                figures.row("chimeric subjects (two fingers of distinct identities)", String.format(Locale.ROOT,
                        "one finger: %d genuine, %d impostor; two fingers: %d genuine, %d impostor comparisons",
                        outcome.oneFinger.genuineCount(), outcome.oneFinger.impostorCount(),
                        outcome.twoBest.genuineCount(), outcome.twoBest.impostorCount()));
                figures.result("chimeric_genuine", outcome.twoBest.genuineCount());
                figures.result("chimeric_impostor", outcome.twoBest.impostorCount());
                figures.result("chimeric_one_finger_impostor", outcome.oneFinger.impostorCount());
            }
            double one = outcome.oneFinger.fnmrAtFmr(TARGET_FMR);
            double best = outcome.twoBest.fnmrAtFmr(TARGET_FMR);
            double fisher = outcome.twoFisher.fnmrAtFmr(TARGET_FMR);
            figures.row("FNMR at FMR 1e-4, " + matcher.label, "one finger " + Figures.percent(one)
                    + ", two fingers: better finger " + Figures.percent(best) + ", Fisher " + Figures.percent(fisher));
            figures.result("chimeric_" + matcher.key() + "_1finger_fnmr_at_fmr_1e-4", Figures.fraction(one));
            figures.result("chimeric_" + matcher.key() + "_2finger_best_fnmr_at_fmr_1e-4", Figures.fraction(best));
            figures.result("chimeric_" + matcher.key() + "_2finger_fisher_fnmr_at_fmr_1e-4", Figures.fraction(fisher));
            // Calibration: Fisher's two-finger score is in decades, so its nominal threshold is 4.
            double observed = outcome.twoFisher.fmrAt(-Math.log10(TARGET_FMR));
            figures.row("two fingers, Fisher, " + matcher.label + ": FMR observed at the 1e-4 threshold",
                    Figures.percent(observed));
            figures.result("chimeric_" + matcher.key() + "_2finger_fisher_observed_fmr_at_1e-4", Figures.fraction(observed));
        }
    }

    /** A growable array of doubles (the impostor lists run to hundreds of thousands). */
    private static final class DoubleList {
        private double[] values = new double[1024];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
