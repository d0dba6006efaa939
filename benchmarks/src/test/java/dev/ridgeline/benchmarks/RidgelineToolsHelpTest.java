package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders without a picocli warning: descriptions are format strings, so a
 * lone {@code %} (say "FPIR 1%") makes picocli warn on stderr instead of printing the text.
 */
class RidgelineToolsHelpTest {

    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(help, true, StandardCharsets.UTF_8);
            assertThat(RidgelineTools.commandLine().setOut(out).execute("--help")).isZero();
            for (String command : RidgelineTools.commandLine().getSubcommands().keySet()) {
                assertThat(RidgelineTools.commandLine().setOut(out).execute(command, "--help")).as(command).isZero();
            }
        } finally {
            System.setErr(original);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(help.toString(StandardCharsets.UTF_8)).contains("FPIR 1%, latency");
    }
}
