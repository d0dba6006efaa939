package dev.ridgeline.server.cli;

import dev.ridgeline.fixtures.fingerprint.SyntheticFingerprints;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fixtures", mixinStandardHelpOptions = true,
        description = "Generate test data the project makes itself.",
        subcommands = FixturesCommand.Fingerprints.class)
final class FixturesCommand {

    @Command(name = "fingerprints", mixinStandardHelpOptions = true,
            description = "Write synthetic fingerprints as 500 dpi grey PNGs named NNN_K.png (finger NNN, impression K).")
    static final class Fingerprints implements Callable<Integer> {

        @Option(names = "--fingers", required = true, description = "Distinct fingers to generate.")
        int fingers;

        @Option(names = "--impressions", defaultValue = "2", description = "Impressions per finger (default: ${DEFAULT-VALUE}).")
        int impressions;

        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed gives the same fingers (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            new SyntheticFingerprints(seed).writeDataset(out, fingers, impressions);
            System.out.printf("wrote %d fingers x %d impressions to %s in %.1f s%n", fingers, impressions, out,
                    (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }
}
