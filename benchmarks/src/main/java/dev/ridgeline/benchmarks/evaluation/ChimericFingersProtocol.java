package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import dev.ridgeline.benchmarks.evaluation.FingerScores.Matcher;
import dev.ridgeline.engine.match.ScoreFusion;
import dev.ridgeline.engine.match.ThresholdTable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Two- and four-finger decisions on chimeric subjects. Two fingers: every ordered pair (A, B) of
 * distinct fingers of the set is a subject whose impression k is A's k-th and B's k-th. Genuine:
 * two impressions of one subject, each finger compared with its own; impostor: subjects sharing
 * no finger, every pair of impressions, finger 1 with finger 1 and finger 2 with finger 2. Four
 * fingers (sets of at least eight fingers): the same, but ordered quadruples are too many to
 * enumerate, so {@value #FOUR_FINGER_GENUINE} genuine and {@value #FOUR_FINGER_IMPOSTOR} impostor
 * comparisons are drawn at random (fixed seed). Two rules combine the fingers: the best finger's
 * score, and the service's rule for several fingers ({@link ScoreFusion}): Fisher's rule on each
 * finger's false-match probability from its calibration table. Beside them, one finger on the
 * same data (every same-finger pair genuine, every cross-finger pair of impressions impostor).
 * Subjects reuse fingers, so their comparisons are not independent: the counts overstate the
 * information, and FNMR at FMR 1e-4 of one finger rests on a few thousand impostors.
 */
final class ChimericFingersProtocol {

    static final double TARGET_FMR = 1e-4;
    static final int FOUR_FINGER_GENUINE = 50_000;
    static final int FOUR_FINGER_IMPOSTOR = 2_000_000;
    /** Four fingers per subject, and as many again for a stranger sharing none. */
    private static final int FOUR_FINGER_MINIMUM_SET = 8;

    private ChimericFingersProtocol() {
    }

    /** The shipped calibration table of a single matcher's scores. */
    static ThresholdTable table(Matcher matcher) {
        return switch (matcher.calibration) {
            case SOURCEAFIS_TABLE -> ThresholdTable.fingerprint();
            case CYLINDER_TABLE -> ThresholdTable.cylinders();
            case FUSED, NONE -> throw new IllegalArgumentException(matcher + " has no table of its own");
        };
    }

    /** Each matcher's scores as -log10 FMR, for Fisher's rule; null where no table calibrates them. */
    static DoubleUnaryOperator decades(Matcher matcher) {
        return switch (matcher.calibration) {
            case SOURCEAFIS_TABLE, CYLINDER_TABLE -> table(matcher)::decadesAt;
            case FUSED -> score -> score;
            case NONE -> null;
        };
    }

    /** Rates of several fingers decided by the best finger's score and by Fisher's rule (null without a table). */
    record Combined(ErrorRates best, ErrorRates fisher) {
    }

    record Outcome(ErrorRates oneFinger, Combined two) {
    }

    static Outcome run(FingerScores scores, Matcher matcher) {
        DoubleUnaryOperator decades = decades(matcher);
        int fingers = scores.identities;
        int[][] impressions = scores.byIdentity();
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
        return new Outcome(ErrorRates.of(oneGenuine.toArray(), oneImpostor.toArray()), combined(genuine, impostor, decades));
    }

    private static void add(DoubleList[] lists, DoubleUnaryOperator decades, double... fingerScores) {
        double best = Double.NEGATIVE_INFINITY;
        double evidence = 0;
        for (double score : fingerScores) {
            best = Math.max(best, score);
            evidence += decades == null ? 0 : decades.applyAsDouble(score);
        }
        lists[0].add(best);
        if (decades != null) {
            lists[1].add(ScoreFusion.fisherDecades(evidence, fingerScores.length));
        }
    }

    private static Combined combined(DoubleList[] genuine, DoubleList[] impostor, DoubleUnaryOperator decades) {
        return new Combined(ErrorRates.of(genuine[0].toArray(), impostor[0].toArray()),
                decades == null ? null : ErrorRates.of(genuine[1].toArray(), impostor[1].toArray()));
    }

    /** Sampled four-finger subjects, or null for a set too small to hold two that share no finger. */
    static Combined fourFingers(FingerScores scores, Matcher matcher) {
        int fingers = scores.identities;
        if (fingers < FOUR_FINGER_MINIMUM_SET) {
            return null;
        }
        DoubleUnaryOperator decades = decades(matcher);
        int[][] impressions = scores.byIdentity();
        // The same seed for every matcher: they meet the same comparisons.
        Random random = new Random(4);
        DoubleList[] genuine = {new DoubleList(), new DoubleList()};
        while (genuine[0].size < FOUR_FINGER_GENUINE) {
            int[] subject = distinctFingers(random, fingers, null);
            int shared = sharedImpressions(impressions, subject);
            if (shared < 2) {
                continue;
            }
            int p = random.nextInt(shared);
            int q = random.nextInt(shared - 1);
            q += q >= p ? 1 : 0;
            double[] fingerScores = new double[subject.length];
            for (int f = 0; f < subject.length; f++) {
                fingerScores[f] = scores.score(matcher, impressions[subject[f]][p], impressions[subject[f]][q]);
            }
            add(genuine, decades, fingerScores);
        }
        DoubleList[] impostor = {new DoubleList(), new DoubleList()};
        while (impostor[0].size < FOUR_FINGER_IMPOSTOR) {
            int[] probe = distinctFingers(random, fingers, null);
            int[] reference = distinctFingers(random, fingers, probe);
            int probeShared = sharedImpressions(impressions, probe);
            int referenceShared = sharedImpressions(impressions, reference);
            if (probeShared == 0 || referenceShared == 0) {
                continue;
            }
            int p = random.nextInt(probeShared);
            int q = random.nextInt(referenceShared);
            double[] fingerScores = new double[probe.length];
            for (int f = 0; f < probe.length; f++) {
                fingerScores[f] = scores.score(matcher, impressions[probe[f]][p], impressions[reference[f]][q]);
            }
            add(impostor, decades, fingerScores);
        }
        return combined(genuine, impostor, decades);
    }

    /** Four distinct fingers at random, none of them in {@code avoid}. */
    private static int[] distinctFingers(Random random, int fingers, int[] avoid) {
        int[] chosen = new int[4];
        int count = 0;
        while (count < chosen.length) {
            int finger = random.nextInt(fingers);
            if (!contains(chosen, count, finger) && (avoid == null || !contains(avoid, avoid.length, finger))) {
                chosen[count++] = finger;
            }
        }
        return chosen;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static int sharedImpressions(int[][] impressions, int[] subject) {
        int shared = Integer.MAX_VALUE;
        for (int finger : subject) {
            shared = Math.min(shared, impressions[finger].length);
        }
        return shared;
    }

    static void report(FingerScores scores, Figures figures) {
        for (Matcher matcher : Matcher.CALIBRATED) {
            Outcome outcome = run(scores, matcher);
            if (matcher == Matcher.SOURCEAFIS) {
                figures.row("chimeric subjects (two fingers of distinct identities)", String.format(Locale.ROOT,
                        "one finger: %d genuine, %d impostor; two fingers: %d genuine, %d impostor comparisons",
                        outcome.oneFinger.genuineCount(), outcome.oneFinger.impostorCount(),
                        outcome.two.best.genuineCount(), outcome.two.best.impostorCount()));
                figures.result("chimeric_genuine", outcome.two.best.genuineCount());
                figures.result("chimeric_impostor", outcome.two.best.impostorCount());
                figures.result("chimeric_one_finger_impostor", outcome.oneFinger.impostorCount());
            }
            double one = outcome.oneFinger.fnmrAtFmr(TARGET_FMR);
            figures.row("FNMR at FMR 1e-4, one finger, " + matcher.label, Figures.percent(one));
            figures.result("chimeric_" + matcher.key() + "_1finger_fnmr_at_fmr_1e-4", Figures.fraction(one));
            reportFingers("two fingers", "2finger", outcome.two, matcher, figures);
            Combined four = fourFingers(scores, matcher);
            if (four == null) {
                figures.row("four fingers, " + matcher.label, "not measured: the set holds fewer than "
                        + FOUR_FINGER_MINIMUM_SET + " fingers");
                continue;
            }
            if (matcher == Matcher.SOURCEAFIS) {
                figures.result("chimeric_4finger_genuine", four.best.genuineCount());
                figures.result("chimeric_4finger_impostor", four.best.impostorCount());
            }
            reportFingers("four fingers (sampled)", "4finger", four, matcher, figures);
        }
    }

    /**
     * FNMR at FMR 1e-4 by either rule, and calibration: the share of impostors each rule lets
     * through at its nominal 1e-4 threshold: Fisher's score is in decades, so 4; the best finger's
     * is a single comparison's threshold from the matcher's table, which ignores that it is the
     * best of several (what the service did before several fingers were fused).
     */
    private static void reportFingers(String label, String key, Combined rates, Matcher matcher, Figures figures) {
        double best = rates.best.fnmrAtFmr(TARGET_FMR);
        double fisher = rates.fisher.fnmrAtFmr(TARGET_FMR);
        double fisherObserved = rates.fisher.fmrAt(-Math.log10(TARGET_FMR));
        double bestObserved = rates.best.fmrAt(matcher.fused() ? -Math.log10(TARGET_FMR)
                : table(matcher).threshold(TARGET_FMR));
        figures.row("FNMR at FMR 1e-4, " + label + ", " + matcher.label, "best finger " + Figures.percent(best)
                + ", Fisher " + Figures.percent(fisher));
        figures.row("FMR observed at the nominal 1e-4 threshold, " + label + ", " + matcher.label, "best finger "
                + Figures.percent(bestObserved) + ", Fisher " + Figures.percent(fisherObserved));
        String prefix = "chimeric_" + matcher.key() + "_" + key;
        figures.result(prefix + "_best_fnmr_at_fmr_1e-4", Figures.fraction(best));
        figures.result(prefix + "_fisher_fnmr_at_fmr_1e-4", Figures.fraction(fisher));
        figures.result(prefix + "_best_observed_fmr_at_1e-4", Figures.fraction(bestObserved));
        figures.result(prefix + "_fisher_observed_fmr_at_1e-4", Figures.fraction(fisherObserved));
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
