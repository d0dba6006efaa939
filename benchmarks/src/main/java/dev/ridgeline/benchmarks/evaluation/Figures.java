package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.benchmarks.accuracy.ErrorRates;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an evaluation reports: named figures for people (printed as a table and shown on the
 * report page) and one {@code RESULT key=value ...} line for machines, printed last.
 */
public final class Figures {

    private final Map<String, String> rows = new LinkedHashMap<>();
    private final StringBuilder result = new StringBuilder("RESULT");

    public void row(String name, String value) {
        rows.put(name, value);
    }

    /** The verification rates every evaluation reports, their names starting with {@code prefix}. */
    void rates(String prefix, ErrorRates rates) {
        row(prefix + "EER", percent(rates.eer()));
        row(prefix + "FMR100", percent(rates.fmr100()));
        row(prefix + "FMR1000", percent(rates.fmr1000()));
        row(prefix + "ZeroFMR", percent(rates.zeroFmr()));
        row(prefix + "TAR at FAR 1%", percent(rates.tarAtFar(1e-2)));
        row(prefix + "TAR at FAR 0.1%", percent(rates.tarAtFar(1e-3)));
    }

    /**
     * The RESULT keys every evaluation prints, in the order operators' scripts expect:
     * modality, dataset, eer, fmr100, fmr1000, zerofmr, tar_at_far_1e-2, tar_at_far_1e-3, rank1,
     * fte, genuine, impostor. Layout-specific keys follow.
     */
    void standardResult(String modality, String dataset, ErrorRates rates, double rankOne, int failedToEnroll) {
        result("modality", modality);
        result("dataset", dataset);
        result("eer", fraction(rates.eer()));
        result("fmr100", fraction(rates.fmr100()));
        result("fmr1000", fraction(rates.fmr1000()));
        result("zerofmr", fraction(rates.zeroFmr()));
        result("tar_at_far_1e-2", fraction(rates.tarAtFar(1e-2)));
        result("tar_at_far_1e-3", fraction(rates.tarAtFar(1e-3)));
        result("rank1", fraction(rankOne));
        result("fte", failedToEnroll);
        result("genuine", rates.genuineCount());
        result("impostor", rates.impostorCount());
    }

    /** Adds {@code key=value} to the RESULT line; values must hold no spaces. */
    public void result(String key, Object value) {
        result.append(' ').append(key).append('=').append(value);
    }

    /** Appends another set of figures' RESULT keys, in their order, to this one's. */
    public void results(Figures other) {
        result.append(other.result, "RESULT".length(), other.result.length());
    }

    public Map<String, String> rows() {
        return Collections.unmodifiableMap(rows);
    }

    public void printRows() {
        rows.forEach((name, value) -> System.out.printf("%-45s %s%n", name, value));
    }

    public String resultLine() {
        return result.toString();
    }

    public void printResult() {
        System.out.println(result);
    }

    static String percent(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * rate);
    }

    static String fraction(double rate) {
        return Double.isNaN(rate) ? "nan" : String.format(Locale.ROOT, "%.5f", rate);
    }
}
