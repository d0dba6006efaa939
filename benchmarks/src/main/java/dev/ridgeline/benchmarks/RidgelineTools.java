package dev.ridgeline.benchmarks;

import dev.ridgeline.benchmarks.evaluation.CalibrateCommand;
import dev.ridgeline.benchmarks.evaluation.EvaluateCommand;
import dev.ridgeline.benchmarks.load.BenchCommand;
import dev.ridgeline.benchmarks.restart.RestartCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The measuring commands of {@code ./ridgeline} ({@code evaluate}, {@code calibrate}, {@code bench},
 * {@code restart}), run from the benchmarks jar so the service jar carries no evaluation or benchmark code.
 */
@Command(name = "ridgeline", mixinStandardHelpOptions = true,
        description = "Ridgeline's measuring tools.",
        subcommands = {EvaluateCommand.class, CalibrateCommand.class, BenchCommand.class, RestartCommand.class,
                CommandLine.HelpCommand.class})
public final class RidgelineTools {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it: enum values such as {@code finger} in any case. */
    public static CommandLine commandLine() {
        return new CommandLine(new RidgelineTools()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
