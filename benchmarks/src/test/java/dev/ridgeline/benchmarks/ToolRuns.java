package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a measuring command in this JVM as {@code ./ridgeline} would, and reads its RESULT line. */
public final class ToolRuns {

    private ToolRuns() {
    }

    /** The command's standard output, line by line, after checking that it exited with 0. */
    public static List<String> run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(RidgelineTools.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The keys and values of a RESULT line, in order; each value one token a machine can compare. */
    public static Map<String, String> result(String line) {
        assertThat(line).startsWith("RESULT ");
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.substring("RESULT ".length()).split(" ")) {
            String[] keyValue = pair.split("=", 2);
            assertThat(keyValue).hasSize(2);
            assertThat(keyValue[1]).doesNotContain(",");
            values.put(keyValue[0], keyValue[1]);
        }
        return values;
    }

    /** The RESULT line that ends the output. */
    public static Map<String, String> lastResult(List<String> output) {
        return result(output.getLast());
    }
}
