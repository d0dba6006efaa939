package dev.ridgeline.server;

import dev.ridgeline.server.cli.RidgelineCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@code ./ridgeline} command run in this JVM: its exit code and what it printed on standard output. */
record CommandRun(int exitCode, String printed) {

    static synchronized CommandRun of(String... arguments) {
        PrintStream standard = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            int exitCode = RidgelineCli.commandLine().execute(arguments);
            return new CommandRun(exitCode, printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(standard);
        }
    }
}
