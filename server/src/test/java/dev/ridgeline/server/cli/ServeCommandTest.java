package dev.ridgeline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

    @TempDir
    Path directory;

    @Test
    void serveRefusesAnExposedAddressWithoutTlsAndAuthWithANonZeroExit() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = RidgelineCli.commandLine().execute("serve", "--host", "0.0.0.0", "--port", "0",
                    "--metrics-port", "-1", "--data-dir", directory.resolve("data").toString());
        } finally {
            System.setErr(stderr);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("serve: refusing to listen on 0.0.0.0");
    }
}
